"""Parents' rights over their data (AVG/GDPR): everything held about a family, exported in
one file, and erased where it may be."""
