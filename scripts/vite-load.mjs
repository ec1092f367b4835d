// Loads TypeScript modules of the app outside SvelteKit (CLI, benchmarks) through a Vite dev server in
// middleware mode: $lib resolves, import.meta.glob (migrations) works, and dynamic imports keep working
// for as long as the loader is open (runnerImport closes its runner right after the first import).
import path from 'node:path';
import { createServer } from 'vite';

export async function createLoader(root) {
	const server = await createServer({
		configFile: false,
		root,
		logLevel: 'error',
		appType: 'custom',
		resolve: { alias: { $lib: path.join(root, 'src/lib') } },
		server: { middlewareMode: true, hmr: false, watch: null, fs: { allow: [root] } },
		optimizeDeps: { noDiscovery: true, include: [] }
	});
	return {
		load: (file) => server.ssrLoadModule(path.resolve(root, file)),
		close: () => server.close()
	};
}
