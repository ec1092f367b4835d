import { createHash } from 'node:crypto';
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// The one inline style attribute left: SvelteKit's own route announcer (kit/src/core/sync/write_root.js), allowed
// by its hash alone ('unsafe-hashes'). app.css hides #svelte-announcer too, in case a kit upgrade changes it.
const KIT_ANNOUNCER_STYLE =
	'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const announcerHash = `sha256-${createHash('sha256').update(KIT_ANNOUNCER_STYLE).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// The check-in scanner registers the service worker itself, for its own pages only (src/service-worker.ts).
		serviceWorker: { register: false },
		alias: {
			$migrations: 'migrations'
		},
		// Scripts: SvelteKit adds a nonce (or, on prerendered pages, a hash) to its inline start-up script; nothing
		// else runs inline. Styles: stylesheets from this origin only. No component writes a style attribute
		// (bars are utility classes, app.css), so style attributes are refused except the announcer's, by hash.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-hashes', announcerHash],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
