"""Storage: the database engine and unit of work, the tables (models), and their migrations."""
