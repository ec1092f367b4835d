#!/usr/bin/env node
// `npm test`: every tier — unit, integration on PGlite, integration on PostgreSQL (when TEST_DATABASE_URL or
// DATABASE_URL is set), end-to-end in Chromium — then one plain summary line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const tmp = path.join(root, 'tests/.tmp');
fs.mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`

buildIfStale(root);

const pgUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
const tiers = [
	{ name: 'unit', cmd: ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit'], env: {} },
	{ name: 'integration (PGlite)', key: 'integration', cmd: ['node_modules/vitest/vitest.mjs', 'run', '--project', 'integration'], env: { HN_TEST_DB: 'pglite' } },
	...(pgUrl
		? [{ name: 'integration (PostgreSQL)', key: 'integration', cmd: ['node_modules/vitest/vitest.mjs', 'run', '--project', 'integration'], env: { HN_TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl } }]
		: []),
	{ name: 'e2e (Chromium)', key: 'e2e', cmd: ['node_modules/@playwright/test/cli.js', 'test'], env: {}, e2e: true }
].filter((t) => !only.length || only.includes(t.key ?? t.name));

/** System Chromium, CHROMIUM_PATH, or a browser Playwright installed itself. */
async function chromiumAvailable() {
	const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', process.env.CHROMIUM_PATH];
	if (system.some((p) => p && fs.existsSync(p))) return true;
	try {
		const { chromium } = await import('@playwright/test');
		return fs.existsSync(chromium.executablePath());
	} catch {
		return false;
	}
}

const results = [];
for (const t of tiers) {
	const out = path.join(tmp, `${t.name.replace(/\W+/g, '-')}.json`);
	fs.rmSync(out, { force: true });
	console.log(`\n=== ${t.name} ===`);
	const args = t.e2e ? t.cmd : [...t.cmd, '--reporter=default', '--reporter=json', `--outputFile=${out}`];
	const env = { ...process.env, ...t.env, FORCE_COLOR: '0' };
	if (t.e2e) {
		if (!(await chromiumAvailable())) {
			console.error(
				'Không tìm thấy Chromium cho tầng e2e: cần /usr/bin/chromium (Debian: apt-get install -y chromium), ' +
					'hoặc CHROMIUM_PATH, hoặc trình duyệt của Playwright (npx playwright install chromium).'
			);
			results.push({ name: t.name, passed: 0, failed: 1 });
			continue;
		}
		env.PLAYWRIGHT_JSON_OUTPUT_NAME = out;
	}
	const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
	let passed = 0;
	let failed = 0;
	try {
		const j = JSON.parse(fs.readFileSync(t.e2e ? path.join(tmp, 'e2e.json') : out, 'utf8'));
		if (t.e2e) {
			passed = j.stats.expected + (j.stats.flaky ?? 0);
			failed = j.stats.unexpected;
		} else {
			passed = j.numPassedTests;
			failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
		}
	} catch {
		failed = 1; // the runner itself failed before reporting
	}
	if (r.status !== 0 && failed === 0) failed = 1;
	results.push({ name: t.name, passed, failed });
}

console.log('\n=== Tổng hợp ===');
for (const r of results) console.log(`${r.name.padEnd(26)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
