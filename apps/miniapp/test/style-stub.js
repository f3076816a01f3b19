// Stylesheets mean nothing to jsdom; tests assert text and behaviour.
module.exports = {}
