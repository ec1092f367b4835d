#!/usr/bin/env node
// Patches postgres.js 3.4.9 (run by `npm install` / `npm ci` as postinstall; idempotent) so that the app survives
// PostgreSQL going away and coming back (tests/integration/http/faults-database.test.ts). Upstream:
// porsager/postgres issues #1066, #1154, #1208 and pull requests #1168, #1209, not released as of 3.4.9.
//
// Without it, a connection that closes while Kysely holds it (kysely-postgres-js reserves a connection for every
// query and every transaction):
// 1. is put back into the pool's "open" queue by release() although its socket is gone, so a later query on it
//    either crashes the process (TypeError: socket.write of null, thrown from setImmediate: uncatchable) or hangs;
// 2. keeps a stale write timer and buffer after closing, so once reconnected its start-up message is never sent
//    and every query on it waits for connect_timeout, again and again;
// 3. takes the next query of a transaction that was on it and writes it to a dead socket (or, once the pool has
//    reconnected it for someone else, to another session: outside the transaction).
// The patch: a closed connection is never released into the pool; a query on a reservation whose connection
// closed (or was reused) is refused with CONNECTION_CLOSED; a closed connection forgets its pending write; and a
// write to a missing socket settles the query instead of throwing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MARK = '/* hoi-nghi: reliability patch */';
const EXPECTED_VERSION = '3.4.9';

const pkgDir = path.join(root, 'node_modules/postgres');
if (!fs.existsSync(pkgDir)) process.exit(0); // not installed (yet)
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

/** [file relative to the package, [before, after][]] */
const edits = [
	[
		'connection.js',
		[
			[
				`  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
				`  function nextWrite(fn) {
    ${MARK}
    if (!socket) {
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`
			],
			[
				`    clearImmediate(nextWriteTimer)
    if (socket) {`,
				`    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null ${MARK}
    if (socket) {`
			],
			[
				`    incomings = null
    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)`,
				`    incomings = null
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null ${MARK}
    socket.removeListener('data', data)`
			]
		]
	],
	[
		'index.js',
		[
			[
				`    move(c, reserved)
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true

    const sql = Sql(handler)
    sql.release = () => {
      c.reserved = null
      onopen(c)
    }

    return sql

    function handler(q) {
      c.queue === full
        ? queue.push(q)
        : c.execute(q) || move(c, full)
    }`,
				`    move(c, reserved)
    const mark = c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true

    const sql = Sql(handler)
    sql.release = () => {
      ${MARK}
      if (c.reserved !== mark) return
      c.reserved = null
      onopen(c)
    }

    return sql

    function handler(q) {
      c.reserved !== mark ${MARK}
        ? q.reject(Errors.connection('CONNECTION_CLOSED', options))
        : c.queue === full
          ? queue.push(q)
          : c.execute(q) || move(c, full)
    }`
			],
			[
				`      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
        c.queue === full
          ? queries.push(q)
          : c.execute(q) || move(c, full)
      }
    }

    function onexecute(c) {
      connection = c
      move(c, reserved)
      c.reserved = () => queries.length
        ? c.execute(queries.shift())
        : move(c, reserved)
    }`,
				`      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
        c.reserved !== mark ${MARK}
          ? q.reject(Errors.connection('CONNECTION_CLOSED', options))
          : c.queue === full
            ? queries.push(q)
            : c.execute(q) || move(c, full)
      }
    }

    function onexecute(c) {
      connection = c
      move(c, reserved)
      mark = c.reserved = () => queries.length
        ? c.execute(queries.shift())
        : move(c, reserved)
    }`
			],
			[
				`    let savepoints = 0
      , connection
      , prepare = null`,
				`    let savepoints = 0
      , connection
      , prepare = null
      , mark = null ${MARK}`
			]
		]
	]
];

let patched = 0;
for (const dir of ['src', 'cjs/src']) {
	for (const [file, list] of edits) {
		const p = path.join(pkgDir, dir, file);
		let text = fs.readFileSync(p, 'utf8');
		if (text.includes(MARK)) continue;
		if (version !== EXPECTED_VERSION) {
			console.error(
				`[patch-postgres] postgres ${version} is installed, the patch was written for ${EXPECTED_VERSION}: check whether ` +
					'the new version fixes porsager/postgres#1208, then update or remove scripts/patch-postgres.mjs.'
			);
			process.exit(1);
		}
		for (const [before, after] of list) {
			if (!text.includes(before)) {
				console.error(`[patch-postgres] ${dir}/${file}: the code to patch was not found (postgres ${version}).`);
				process.exit(1);
			}
			text = text.replace(before, after);
		}
		fs.writeFileSync(p, text);
		patched++;
	}
}
if (patched) console.log(`[patch-postgres] postgres ${version}: ${patched} files patched (connections that close while reserved).`);
