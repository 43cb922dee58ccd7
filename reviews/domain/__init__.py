"""Pure code of panel review: no database, no clock, no request."""
