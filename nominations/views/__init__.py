"""Pages of the nominations app, one module per audience. Views are thin: authorize,
read through selectors or call one service, render or redirect."""
