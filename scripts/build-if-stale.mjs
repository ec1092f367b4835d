// Builds the app when build/ is missing or older than the sources (so `npm run demo` works on a fresh clone
// and stays fast afterwards).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newest(dir) {
	let t = 0;
	if (!fs.existsSync(dir)) return 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
	}
	return t;
}

export function buildIfStale(root) {
	const marker = path.join(root, 'build', 'handler.js');
	const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
	const src = Math.max(
		newest(path.join(root, 'src')),
		newest(path.join(root, 'migrations')),
		newest(path.join(root, 'static')),
		...['package-lock.json', 'svelte.config.js', 'vite.config.ts'].map((f) => fs.statSync(path.join(root, f)).mtimeMs)
	);
	if (built >= src) return;
	console.log('Đang build ứng dụng (chỉ lần đầu hoặc khi mã nguồn thay đổi)…');
	const t0 = Date.now();
	const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (r.status !== 0) {
		console.error('Build thất bại.');
		process.exit(r.status ?? 1);
	}
	console.log(`Build xong sau ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}
