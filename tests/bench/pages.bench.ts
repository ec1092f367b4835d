/**
 * Pages in Chromium (playwright-core, /usr/bin/chromium) on the built server (node build, embedded PGlite):
 *
 * (a) The scanner page (/events/<id>/checkin/scan): every JavaScript file the page loads until it is
 *     scan-ready, measured from what Chromium received (not from the build folder): decoded bytes, bytes on
 *     the wire (the server sends precompressed brotli/gzip), and gzip -6 of the received body. Also what the
 *     service worker downloads in the background to keep the scanner offline (its precache).
 * (b) Time to scan-ready under a slow network, cold (a new browser profile: no cache, no service worker, no
 *     roster) and warm (the next visit: service worker and HTTP cache hold the code, IndexedDB the roster).
 *     Scan-ready: the page's root element says data-ready="true", i.e. the handheld scanner's field has the
 *     focus AND a roster is stored on the device (read back from IndexedDB, or fetched and written to it), so
 *     a scan is answered even if the network drops at that moment. Times are from navigation start
 *     (performance.now() in the page).
 *     Profile "Slow 3G": 400 ms round trip, 400 kbit/s down, 400 kbit/s up. Applied two ways:
 *       - CDP Network.emulateNetworkConditions on the page (what DevTools does): the service worker's own
 *         fetches are not throttled (its target is not the page's);
 *       - a TCP proxy between Chromium and the server with the same figures (one shared link per direction,
 *         +1 round trip per new connection): everything is throttled, the service worker too.
 * (c) The dashboard at 150, 1 500 and 15 000 delegates (fast local network, code in the HTTP cache): the event
 *     overview (its cards load their figures from the API after the page shows), the delegate list and the
 *     live check-in page: server response (TTFB), HTML size, first contentful paint, the cards' (or the live
 *     stream's) data shown, DOM elements. Median of 3 visits.
 *
 * BENCH_QUICK=1: 150 and 1 500 only, one visit each.
 */
import net from 'node:net';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { QUICK, benchWorld, freePort, kb, pgliteDb, r1, seedConference, settle, startServer, type Server, type World } from './support';

const SIZES = (process.env.HN_BENCH_PAGES_SIZES || (QUICK ? '150,1500' : '150,1500,15000')).split(',').map(Number).filter((n) => n > 0);
/** Scan-ready is measured at these sizes (the roster is the one thing that grows). */
const READY_SIZES = SIZES.filter((n) => n <= 1500);
const VISITS = QUICK ? 1 : 3;
const PROFILE = { rttMs: 400, downBytesPerSec: 400_000 / 8, upBytesPerSec: 400_000 / 8 };
const PROFILE_LABEL = 'Slow 3G: 400 ms RTT, 400 kbit/s down, 400 kbit/s up';

// ------------------------------------------------------------------------------------------------ throttle

interface Link {
	bytesPerSec: number;
	nextFree: number;
}

/** A TCP proxy that delays each chunk by half the round trip after its transmission on a shared link. */
async function throttleProxy(targetPort: number, port: number): Promise<{ url: string; close: () => Promise<void> }> {
	const up: Link = { bytesPerSec: PROFILE.upBytesPerSec, nextFree: 0 };
	const down: Link = { bytesPerSec: PROFILE.downBytesPerSec, nextFree: 0 };
	const sockets = new Set<net.Socket>();
	const pipe = (from: net.Socket, to: net.Socket, link: Link, startAt: number) => {
		let last = startAt;
		from.on('data', (chunk) => {
			const now = performance.now();
			const start = Math.max(now, link.nextFree, startAt);
			link.nextFree = start + (chunk.length * 1000) / link.bytesPerSec;
			last = Math.max(last, link.nextFree + PROFILE.rttMs / 2);
			setTimeout(() => !to.destroyed && to.write(chunk), last - now);
		});
		from.on('end', () => setTimeout(() => !to.destroyed && to.end(), Math.max(0, last - performance.now())));
		from.on('error', () => to.destroy());
		from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, last - performance.now()) + 50));
	};
	const server = net.createServer((client) => {
		const upstream = net.connect(targetPort, '127.0.0.1');
		sockets.add(client).add(upstream);
		client.on('close', () => sockets.delete(client));
		upstream.on('close', () => sockets.delete(upstream));
		// A new connection costs one round trip (the handshake) before the first byte goes through.
		const open = performance.now() + PROFILE.rttMs;
		pipe(client, upstream, up, open);
		pipe(upstream, client, down, open);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}

// ------------------------------------------------------------------------------------------------ page probes

/** Marks (ms from navigation start) the page records for us: scan-ready, roster states, cards loaded. */
const INIT = () => {
	const w = window as unknown as { __hn: { marks: Record<string, number>; cards: Record<string, number> } };
	w.__hn = { marks: {}, cards: {} };
	const mark = (k: string) => {
		if (!(k in w.__hn.marks)) w.__hn.marks[k] = performance.now();
	};
	const check = () => {
		const sc = document.querySelector<HTMLElement>('[data-testid="scanner"]');
		if (sc) {
			mark('hydrated');
			if (sc.dataset.ready === 'true') mark('ready');
			if (sc.dataset.roster === 'cached') mark('rosterCached');
			if (sc.dataset.roster === 'fresh') mark('rosterFresh');
		}
		const cards = document.querySelectorAll<HTMLElement>('[data-testid$="-card"]');
		if (cards.length) {
			let loading = 0;
			for (const c of cards) {
				if (/Đang tải/.test(c.textContent ?? '')) loading++;
				else if (!(c.dataset.testid! in w.__hn.cards) && document.readyState !== 'loading') w.__hn.cards[c.dataset.testid!] = performance.now();
			}
			if (!loading && document.readyState !== 'loading') mark('cards');
		}
		const live = document.querySelector<HTMLElement>('[data-testid="live-status"]');
		if (live?.dataset.connected === 'true') mark('live');
	};
	document.addEventListener('focusin', (e) => (e.target as HTMLElement | null)?.id === 'scan-input' && mark('focus'), true);
	new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
	document.addEventListener('DOMContentLoaded', check);
};

type Marks = Record<string, number>;

async function marks(page: Page): Promise<{ marks: Marks; cards: Marks; nav: Record<string, number>; fcp: number | null; dom: number }> {
	return page.evaluate(() => {
		const w = window as unknown as { __hn: { marks: Record<string, number>; cards: Record<string, number> } };
		const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
		return {
			marks: w.__hn.marks,
			cards: w.__hn.cards,
			nav: {
				requestStart: nav.requestStart,
				responseStart: nav.responseStart,
				responseEnd: nav.responseEnd,
				dcl: nav.domContentLoadedEventEnd,
				load: nav.loadEventEnd,
				transfer: nav.transferSize,
				body: nav.decodedBodySize
			},
			fcp,
			dom: document.getElementsByTagName('*').length
		};
	});
}

async function newContext(browser: Browser, base: string, w: World): Promise<BrowserContext> {
	const context = await browser.newContext({ baseURL: base, serviceWorkers: 'allow', viewport: { width: 1280, height: 900 } });
	await context.addCookies([{ name: SESSION_COOKIE, value: w.cookieValue, url: base }]);
	await context.addInitScript(INIT);
	return context;
}

// ------------------------------------------------------------------------------------------------ (a) JS weight

async function scannerWeight(browser: Browser, base: string, w: World, eventId: number) {
	const context = await newContext(browser, base, w);
	const scripts: { url: string; decoded: number; wire: number; gzip: number; encoding: string }[] = [];
	const swFiles: { url: string; wire: number }[] = [];
	const pending: Promise<void>[] = [];
	context.on('requestfinished', (req) => {
		pending.push(
			(async () => {
				const res = await req.response();
				if (!res) return;
				const sizes = await req.sizes();
				if (req.serviceWorker()) {
					swFiles.push({ url: req.url(), wire: sizes.responseBodySize });
					return;
				}
				if (req.resourceType() !== 'script') return;
				const body = await res.body();
				scripts.push({ url: req.url(), decoded: body.length, wire: sizes.responseBodySize, gzip: zlib.gzipSync(body, { level: 6 }).length, encoding: (await res.allHeaders())['content-encoding'] ?? 'identity' });
			})().catch(() => {})
		);
	});
	const page = await context.newPage();
	await page.goto(`/events/${eventId}/checkin/scan`);
	await page.waitForFunction(() => (window as unknown as { __hn: { marks: Marks } }).__hn.marks.ready != null, null, { timeout: 60_000 });
	await Promise.all(pending.splice(0));
	const atReady = scripts.slice();
	// The service worker precaches in the background: wait for it to control the page.
	await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 60_000 });
	await page.waitForTimeout(500);
	await Promise.all(pending.splice(0));
	await context.close();
	const sum = (xs: { [k: string]: unknown }[], k: string) => xs.reduce((a, x) => a + (x[k] as number), 0);
	const encodings = [...new Set(atReady.map((s) => s.encoding))].join('/');
	return [
		{
			bench: 'pages',
			case: 'scanner page: JavaScript loaded until scan-ready',
			files: atReady.length,
			'decoded KB': kb(sum(atReady, 'decoded')),
			'gzip KB': kb(sum(atReady, 'gzip')),
			'on the wire KB': kb(sum(atReady, 'wire')),
			note: `as served: ${encodings}; gzip = gzip -6 of the bodies Chromium received`
		},
		{
			bench: 'pages',
			case: 'scanner: service worker precache (background, for offline)',
			files: swFiles.length,
			'on the wire KB': kb(sum(swFiles, 'wire')),
			note: 'every JS/CSS file of the build and the static images (not the decoder wasm)'
		}
	];
}

// ------------------------------------------------------------------------------------------------ (b) scan-ready

async function scanReady(browser: Browser, base: string, w: World, eventId: number, n: number, how: 'cdp' | 'proxy', proxyUrl: string | null) {
	const url = how === 'proxy' ? proxyUrl! : base;
	const context = await newContext(browser, url, w);
	const rows: Record<string, unknown>[] = [];
	try {
		const visit = async (label: 'cold' | 'warm') => {
			const page = await context.newPage();
			if (how === 'cdp') {
				const cdp = await context.newCDPSession(page);
				await cdp.send('Network.enable');
				await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PROFILE.rttMs, downloadThroughput: PROFILE.downBytesPerSec, uploadThroughput: PROFILE.upBytesPerSec });
			}
			const t0 = Date.now();
			if (process.env.HN_BENCH_DEBUG) {
				page.on('console', (m) => console.log(`  [${label} console] ${m.text()}`));
				page.on('requestfinished', (r) => console.log(`  [${label} ${Date.now() - t0} ms] ${r.resourceType()} ${r.url()}`));
				page.on('requestfailed', (r) => console.log(`  [${label} ${Date.now() - t0} ms] FAILED ${r.url()} ${r.failure()?.errorText}`));
			}
			await page.goto(`/events/${eventId}/checkin/scan`, { timeout: 180_000 });
			await page
				.waitForFunction(() => (window as unknown as { __hn: { marks: Marks } }).__hn.marks.ready != null, null, { timeout: 180_000 })
				.catch(async (e) => {
					const state = await page.evaluate(() => ({
						marks: (window as unknown as { __hn: { marks: Marks } }).__hn.marks,
						el: document.querySelector<HTMLElement>('[data-testid="scanner"]')?.dataset,
						active: document.activeElement?.id,
						url: location.href
					}));
					throw new Error(`scan-ready not reached (${label}, ${how}, ${n}): ${JSON.stringify(state)}: ${e}`);
				});
			if (label === 'warm') await page.waitForFunction(() => (window as unknown as { __hn: { marks: Marks } }).__hn.marks.rosterFresh != null, null, { timeout: 180_000 }).catch(() => {});
			const m = await marks(page);
			const focused = await page.evaluate(() => document.activeElement?.id);
			if (focused !== 'scan-input') throw new Error(`scan-ready without the focus on the field (${focused})`);
			rows.push({
				bench: 'pages',
				case: `scan-ready, ${label}, ${n} delegates (${how === 'cdp' ? 'CDP, page only' : 'TCP proxy, all traffic'})`,
				'HTML ms': Math.round(m.nav.responseEnd),
				'FCP ms': m.fcp == null ? null : Math.round(m.fcp),
				'focus ms': Math.round(m.marks.focus ?? NaN),
				'scan-ready ms': Math.round(m.marks.ready),
				'roster written ms': m.marks.rosterFresh == null ? null : Math.round(m.marks.rosterFresh),
				note: `${label === 'warm' ? 'roster read back from IndexedDB; ' : ''}wall ${Date.now() - t0} ms`
			});
			if (label === 'cold') {
				// Before the warm visit: the service worker controls the page and has kept it (its 'cache-page').
				const t1 = Date.now();
				await page.waitForFunction(
					async () => {
						if (!navigator.serviceWorker.controller) return false;
						for (const k of await caches.keys()) if (k.startsWith('hn-checkin-pages') && (await (await caches.open(k)).match(location.pathname))) return true;
						return false;
					},
					null,
					{ timeout: 300_000, polling: 250 }
				);
				rows[rows.length - 1].note += `; service worker ready ${Date.now() - t0} ms after start (+${Date.now() - t1} ms)`;
			}
			await page.close();
		};
		await visit('cold');
		await visit('warm');
	} finally {
		await context.close();
	}
	return rows;
}

// ------------------------------------------------------------------------------------------------ (c) dashboards

async function dashboards(browser: Browser, base: string, w: World, events: { n: number; eventId: number }[]) {
	const context = await newContext(browser, base, w);
	const rows: Record<string, unknown>[] = [];
	const pages = [
		{ name: 'event overview', path: (id: number) => `/events/${id}`, wait: 'cards' },
		{ name: 'delegate list', path: (id: number) => `/events/${id}/delegates`, wait: null },
		{ name: 'check-in live', path: (id: number) => `/events/${id}/checkin`, wait: 'live' }
	] as const;
	try {
		// Warm the HTTP cache with the code of each page (the figures are about data, not first download).
		const warm = await context.newPage();
		for (const p of pages) await warm.goto(p.path(events[0].eventId), { waitUntil: 'load' });
		await warm.close();
		for (const p of pages) {
			for (const e of events) {
				const runs: Awaited<ReturnType<typeof marks>>[] = [];
				for (let v = 0; v < VISITS; v++) {
					const page = await context.newPage();
					await page.goto(p.path(e.eventId), { waitUntil: 'load', timeout: 120_000 });
					if (p.wait) await page.waitForFunction((k) => (window as unknown as { __hn: { marks: Marks } }).__hn.marks[k] != null, p.wait, { timeout: 120_000 });
					runs.push(await marks(page));
					await page.close();
				}
				const med = (f: (m: (typeof runs)[0]) => number | null | undefined) => {
					const xs = runs.map(f).filter((x): x is number => x != null && Number.isFinite(x)).sort((a, b) => a - b);
					return xs.length ? Math.round(xs[Math.floor(xs.length / 2)]) : null;
				};
				const last = runs[runs.length - 1];
				const slowest = Object.entries(last.cards).sort((a, b) => b[1] - a[1])[0];
				rows.push({
					bench: 'pages',
					case: `${p.name}, ${e.n} delegates`,
					'TTFB ms': med((m) => m.nav.responseStart - m.nav.requestStart),
					'HTML KB': kb(last.nav.body),
					'FCP ms': med((m) => m.fcp),
					'DCL ms': med((m) => m.nav.dcl),
					'data shown ms': p.wait === 'cards' ? med((m) => m.marks.cards) : p.wait === 'live' ? med((m) => m.marks.live) : med((m) => m.fcp),
					'DOM elements': last.dom,
					note:
						p.wait === 'cards'
							? `every card's figures loaded; slowest ${slowest?.[0]} ${Math.round(slowest?.[1] ?? 0)} ms`
							: p.wait === 'live'
								? 'server-rendered counts, then the live stream connected'
								: 'server-rendered (first 200 rows shown; every row in the page data)'
				});
			}
		}
	} finally {
		await context.close();
	}
	return rows;
}

export default async function () {
	const b = pgliteDb('pages');
	const rows: Record<string, unknown>[] = [];
	let srv: Server | null = null;
	let proxy: Awaited<ReturnType<typeof throttleProxy>> | null = null;
	let browser: Browser | null = null;
	try {
		const d = await b.open();
		const events: { n: number; eventId: number }[] = [];
		let w: World;
		try {
			w = await benchWorld(d.db, 'pages');
			for (const n of SIZES) events.push({ n, eventId: (await seedConference(d.db, w, n)).eventId });
			await settle(d);
		} finally {
			await d.close();
		}
		const port = await freePort(4340);
		const proxyPort = await freePort(port + 1);
		// The server answers the proxy's origin too (CSRF checks compare Origin with ORIGIN): both are 127.0.0.1.
		srv = await startServer({ ...b.serverEnv }, port);
		proxy = await throttleProxy(port, proxyPort);
		browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
		rows.push(...(await scannerWeight(browser, srv.url, w, events[0].eventId)));
		for (const e of events.filter((x) => READY_SIZES.includes(x.n))) {
			rows.push(...(await scanReady(browser, srv.url, w, e.eventId, e.n, 'cdp', null)));
			rows.push(...(await scanReady(browser, srv.url, w, e.eventId, e.n, 'proxy', proxy.url)));
		}
		rows.push(...(await dashboards(browser, srv.url, w, events)));
		rows.push({ bench: 'pages', case: 'network profile of the scan-ready rows', note: PROFILE_LABEL });
	} finally {
		await browser?.close();
		await proxy?.close();
		await srv?.stop();
		await b.cleanup();
	}
	return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? r1(v) : v])));
}
