#!/usr/bin/env node
// `npm run bench [-- name-filter]`: runs every tests/bench/*.bench.ts (through Vite's module runner, so $lib
// works) and *.bench.mjs. Each module exports `default async function (): Promise<BenchRow[]>` where a row
// is { bench, case, ...figures }. Prints one table per bench and writes bench-results/<bench>.json and
// bench-results/summary.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLoader } from './vite-load.mjs';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const filter = process.argv[2] ?? '';
const dir = path.join(root, 'tests/bench');
const files = fs
	.readdirSync(dir)
	.filter((f) => /\.bench\.(ts|mjs)$/.test(f) && f.includes(filter))
	.sort();
if (!files.length) {
	console.error(`Không có benchmark nào khớp "${filter}" trong tests/bench`);
	process.exit(1);
}
buildIfStale(root);
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
const summary = {};
let loader = null;
for (const f of files) {
	const name = f.replace(/\.bench\.(ts|mjs)$/, '');
	console.log(`\n=== ${name} ===`);
	const t0 = Date.now();
	let mod;
	if (f.endsWith('.ts')) {
		loader ??= await createLoader(root);
		mod = await loader.load(path.join(dir, f));
	} else {
		mod = await import(path.join(dir, f));
	}
	try {
		const rows = await mod.default();
		console.table(rows);
		summary[name] = rows;
		fs.writeFileSync(path.join(root, 'bench-results', `${name}.json`), JSON.stringify(rows, null, 2));
	} catch (e) {
		console.error(`Benchmark ${name} lỗi:`, e);
		summary[name] = { error: String(e) };
		process.exitCode = 1;
	}
	console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
await loader?.close();
const meta = { at: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
fs.writeFileSync(path.join(root, 'bench-results', 'summary.json'), JSON.stringify({ meta, ...summary }, null, 2));
console.log('\nKết quả: bench-results/summary.json');
