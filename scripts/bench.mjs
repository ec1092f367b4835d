#!/usr/bin/env node
// `npm run bench [-- name-filter]`: runs every tests/bench/*.bench.ts (through Vite's module runner, so $lib
// works) and *.bench.mjs. Each module exports `default async function (): Promise<BenchRow[]>` where a row
// is { bench, case, ...figures }. Prints one table per bench and writes bench-results/<bench>.json,
// bench-results/summary.json and the same as Markdown tables in bench-results/summary.md.
// BENCH_QUICK=1 shrinks every bench (a smoke run of a few minutes).
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
const os = await import('node:os');
const meta = { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memGB: Math.round(os.totalmem() / 2 ** 30), quick: process.env.BENCH_QUICK === '1' };
fs.writeFileSync(path.join(root, 'bench-results', 'summary.json'), JSON.stringify({ meta, ...summary }, null, 2));
fs.writeFileSync(path.join(root, 'bench-results', 'summary.md'), markdown(meta, summary));
console.log('\nKết quả: bench-results/summary.json, bench-results/summary.md');

/** The same figures as Markdown tables, one per bench (readable, and pasted into the README). */
function markdown(m, all) {
	const cell = (v) => (v === null || v === undefined ? '' : String(v).replace(/\|/g, '\\|'));
	const out = [`# npm run bench — ${m.at}`, '', `Node ${m.node}, ${m.cpus} × ${m.cpu}, ${m.memGB} GB${m.quick ? ', BENCH_QUICK=1' : ''}`, ''];
	for (const [name, rows] of Object.entries(all)) {
		out.push(`## ${name}`, '');
		if (!Array.isArray(rows)) {
			out.push(`Lỗi: ${cell(rows.error)}`, '');
			continue;
		}
		const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'bench');
		out.push(`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`);
		for (const r of rows) out.push(`| ${cols.map((k) => cell(r[k])).join(' | ')} |`);
		out.push('');
	}
	return out.join('\n');
}
