'use strict';
// The compiled addon (build/Release/cairn_fileio.node), or why it cannot be loaded.
try {
  module.exports = require('./build/Release/cairn_fileio.node');
} catch (err) {
  module.exports = { available: false, reason: `addon not built: ${err && err.message}` };
}
