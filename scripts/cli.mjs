#!/usr/bin/env node
// Runs the TypeScript CLI (src/lib/server/cli.ts) through Vite's module runner, so the CLI uses the very
// same modules as the server ($lib aliases, migrations bundled by import.meta.glob) without a separate build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { module } = await runnerImport(path.join(root, 'src/lib/server/cli.ts'), {
	configFile: false,
	root,
	logLevel: 'error',
	resolve: { alias: { $lib: path.join(root, 'src/lib') } },
	server: { fs: { allow: [root] } }
});
try {
	const code = await module.main(process.argv.slice(2));
	process.exit(code ?? 0);
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
}
