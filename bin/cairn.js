#!/usr/bin/env node
// The `cairn` command: runs the compiled CLI (dist/src/bin/cli.js). Build first: npm run build.
//
// This file is CommonJS (bin/package.json) so that it runs before anything uses libuv's thread
// pool: an ES module entry is itself read through the pool, which fixes the pool's size before
// the module's first line runs. The pool does Cairn's file I/O, fsyncs included; a blocked fsync
// holds a thread, and with libuv's default of 4 threads 8 PUTs on 4 drives (32 shard files)
// queue behind each other (ARCHITECTURE.md "libuv thread pool"). UV_THREADPOOL_SIZE set by the
// caller is kept; `--workers` processes inherit it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

/** libuv thread-pool threads when UV_THREADPOOL_SIZE is not set. */
const DEFAULT_THREADPOOL_SIZE = '16';
if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = DEFAULT_THREADPOOL_SIZE;

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'src', 'bin', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`cairn: ${cli} is missing. Build the project first: npm run build (in ${root})\n`);
  process.exit(1);
}
import(pathToFileURL(cli).href).then(({ main }) => main(process.argv.slice(2)));
