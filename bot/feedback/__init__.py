"""The parents' voice: their open answers grouped into themes, what head office did about
a theme ("Jullie zeiden, wij deden") and the answers' export."""
