"""Pure code of the nominations app: no database, no clock, no request."""
