/**
 * scripts/patch-postgres.mjs runs after `npm install` / `npm ci` (postinstall). Without it a PostgreSQL outage can
 * crash the server or leave requests hanging (tests/integration/http/faults-database.test.ts shows the behaviour).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const MARK = '/* hoi-nghi: reliability patch */';

describe('postgres.js reliability patch', () => {
	it('is applied to the installed postgres.js (ESM and CommonJS builds)', () => {
		for (const dir of ['src', 'cjs/src']) {
			const connection = fs.readFileSync(`node_modules/postgres/${dir}/connection.js`, 'utf8');
			const index = fs.readFileSync(`node_modules/postgres/${dir}/index.js`, 'utf8');
			expect(connection.split(MARK).length - 1, `${dir}/connection.js`).toBe(3);
			expect(index.split(MARK).length - 1, `${dir}/index.js`).toBe(4);
		}
	});
});
