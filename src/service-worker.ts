/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The check-in scanner's service worker. It is registered by the scanner page only, with the scope of the
 * event's check-in pages (/events/<id>/checkin/), never for the whole app (svelte.config.js sets
 * serviceWorker.register = false), so no other page is served from a cache.
 *
 * - The app's build files (JS, CSS) are precached: the scanner opens again without network.
 * - The scanner page itself (/events/<id>/checkin/scan) is network first, with the last good copy as fallback.
 * - The decoder's wasm is cached the first time the camera is used (1 MB: not precached).
 * - API answers are never cached here: the roster lives in IndexedDB on the device.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `hn-checkin-assets-${version}`;
const PAGES = `hn-checkin-pages-${version}`;
const PRECACHE = [...build.filter((f) => !f.endsWith('.wasm')), ...files.filter((f) => /\.(svg|png|ico|webmanifest)$/.test(f))];
const KNOWN = new Set([...build, ...files]);
const SCANNER_PAGE = /^\/events\/\d+\/checkin\/scan\/?$/;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS)
			.then((c) => c.addAll(PRECACHE))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key.startsWith('hn-checkin-') && key !== ASSETS && key !== PAGES) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

async function cachePage(url: string): Promise<Response | null> {
	const res = await fetch(url, { credentials: 'same-origin', redirect: 'manual' });
	if (res.ok && res.type === 'basic') await (await caches.open(PAGES)).put(url, res.clone());
	return res;
}

// The page asks for itself to be kept: its first load did not pass through this worker yet.
sw.addEventListener('message', (event) => {
	const data = event.data as { type?: string; url?: string } | null;
	if (data?.type === 'cache-page' && data.url && SCANNER_PAGE.test(new URL(data.url, sw.location.origin).pathname)) {
		event.waitUntil(cachePage(new URL(data.url, sw.location.origin).pathname).catch(() => null));
	}
});

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin) return;

	if (KNOWN.has(url.pathname) || url.pathname.startsWith('/_app/immutable/')) {
		event.respondWith(
			(async () => {
				const cache = await caches.open(ASSETS);
				const hit = await cache.match(url.pathname);
				if (hit) return hit;
				const res = await fetch(req);
				if (res.ok) await cache.put(url.pathname, res.clone());
				return res;
			})()
		);
		return;
	}

	if (req.mode === 'navigate' && SCANNER_PAGE.test(url.pathname)) {
		event.respondWith(
			(async () => {
				const cache = await caches.open(PAGES);
				try {
					const res = await Promise.race([
						fetch(req),
						new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 4000))
					]);
					if (res.ok && !res.redirected && res.type === 'basic') await cache.put(url.pathname, res.clone());
					return res;
				} catch {
					const hit = await cache.match(url.pathname);
					if (hit) return hit;
					return new Response(
						'<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Mất mạng</title>' +
							'<p style="font:16px system-ui;padding:2rem">Mất mạng và máy chưa lưu trang quét. Hãy mở trang quét một lần khi có mạng.</p>',
						{ status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } }
					);
				}
			})()
		);
	}
});
