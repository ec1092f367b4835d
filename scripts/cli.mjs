#!/usr/bin/env node
// Runs the TypeScript CLI (src/lib/server/cli.ts) with the same modules as the server ($lib aliases,
// migrations bundled by import.meta.glob) without a separate build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLoader } from './vite-load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const loader = await createLoader(root);
let code = 0;
try {
	const mod = await loader.load('src/lib/server/cli.ts');
	code = (await mod.main(process.argv.slice(2))) ?? 0;
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	code = 1;
} finally {
	await loader.close();
}
process.exit(code);
