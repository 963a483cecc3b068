"""Parents' requests (changes, cancellations, answers to a placement offer): taken in by the
bot or the offer link, worked on by head office, answered to the parent, exported to the
planning system and closed by its next import."""
