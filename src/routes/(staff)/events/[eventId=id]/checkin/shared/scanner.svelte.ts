/**
 * The scanner's brain in the browser: sends each scan to the server with a nonce, falls back to the roster
 * on the device when the server cannot be reached in time, queues what was decided offline and syncs it
 * when the server answers again. Shows how many scans wait. Everything reactive lives here ($state).
 */
import type { RosterEntry, ScanResult } from '$lib/server/checkin/dto';
import { matchesSearchKey, searchKey } from '$lib/format/search';
import { cardOf, evaluateOffline, indexRoster, type OfflineTarget, type RosterIndex } from './offline';
import * as store from './store';
import { extractToken, normaliseCode, randomId, sha256Hex } from './scan-text';
import { beep, type Tone } from './sound';

/** A result as shown on this device. */
export interface Shown extends ScanResult {
	/** Decided on the device (the server could not be reached). */
	offline?: boolean;
	/** Local time it was shown (ms). */
	shownAt: number;
	/** When decided offline and queued: its nonce (to undo before it is sent). */
	queuedNonce?: string;
	undone?: boolean;
	/** A scan decided offline that has reached the server since. */
	synced?: boolean;
	/** What was scanned, for the history line when no delegate is known. */
	input?: string;
}

class NetworkError extends Error {}

interface Reply<T> {
	status: number;
	body: T;
}

/** How long a scan waits for the server before the device decides offline (the answer must be quick). */
const SCAN_TIMEOUT_MS = 2500;
/**
 * The roster downloads in the background and may be large (about 150 bytes a delegate compressed): on a slow
 * 3G link (400 kbit/s) 1 500 delegates take several seconds, 15 000 about a minute. Cutting it off earlier
 * left a phone without any roster (npm run bench -- pages).
 */
const ROSTER_TIMEOUT_MS = 180_000;

async function request<T>(method: string, url: string, body?: unknown, timeoutMs = 8000): Promise<Reply<T>> {
	const ac = new AbortController();
	const timer = setTimeout(() => ac.abort(), timeoutMs);
	try {
		const res = await fetch(url, {
			method,
			headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: ac.signal,
			credentials: 'same-origin',
			cache: 'no-store'
		});
		let json: unknown = null;
		try {
			json = await res.json();
		} catch {
			// A proxy's or a captive portal's HTML page: the server was not reached.
			throw new NetworkError('Không phải câu trả lời của máy chủ');
		}
		return { status: res.status, body: json as T };
	} catch (e) {
		if (e instanceof NetworkError) throw e;
		throw new NetworkError(e instanceof Error ? e.message : String(e));
	} finally {
		clearTimeout(timer);
	}
}

function toneOf(r: ScanResult): Tone {
	return r.code === 'ok' ? 'ok' : r.code === 'already_checked_in' ? 'already' : 'error';
}

export class Scanner {
	online = $state(true);
	needsLogin = $state(false);
	queueCount = $state(0);
	syncing = $state(false);
	rosterAt = $state<string | null>(null);
	rosterSize = $state(0);
	/**
	 * Where the roster on the device stands: 'none' yet, 'cached' (read back from IndexedDB, stored on an earlier
	 * visit) or 'fresh' (fetched now and written to IndexedDB). Either of the last two scans offline.
	 */
	rosterStored = $state<'none' | 'cached' | 'fresh'>('none');
	/** Bumped when the roster changes, so searches recompute. */
	rosterVersion = $state(0);
	result = $state<Shown | null>(null);
	history = $state<Shown[]>([]);
	busy = $state(false);
	/** Problems the server found in scans decided offline (shown after a sync). */
	syncNotes = $state<string[]>([]);
	deviceLabel = $state('');
	muted = $state(false);

	readonly eventId: number;
	private deviceId = '';
	private idx: RosterIndex | null = null;
	private timers: ReturnType<typeof setInterval>[] = [];
	private saveTimer: ReturnType<typeof setTimeout> | null = null;
	private lastRosterFetch = 0;
	private rosterLoading: Promise<void> | null = null;
	private api: string;
	private onWindowOnline = () => void this.ping();
	private onWindowOffline = () => (this.online = false);

	constructor(eventId: number, defaultDeviceLabel: string) {
		this.eventId = eventId;
		this.api = `/api/v1/events/${eventId}/checkin`;
		if (typeof window !== 'undefined') {
			const d = store.device(defaultDeviceLabel);
			this.deviceId = d.id;
			this.deviceLabel = d.label;
			this.muted = store.preference('muted', '0') === '1';
		}
	}

	async start(): Promise<void> {
		if (typeof navigator !== 'undefined' && navigator.onLine === false) this.online = false;
		const cached = await store.loadRoster(this.eventId);
		if (cached) {
			this.useRoster(cached);
			this.rosterStored = 'cached';
		}
		await this.countQueue();
		window.addEventListener('online', this.onWindowOnline);
		window.addEventListener('offline', this.onWindowOffline);
		void this.refreshRoster();
		// While offline or while scans wait: try every few seconds. Online: refresh the roster every minute
		// (other doors' check-ins), so an offline decision sees them.
		this.timers.push(
			setInterval(() => {
				if (this.queueCount > 0) void this.sync();
				else if (!this.online) void this.ping();
				else if (Date.now() - this.lastRosterFetch > 60_000) void this.refreshRoster();
			}, 4000)
		);
	}

	stop(): void {
		for (const t of this.timers) clearInterval(t);
		this.timers = [];
		window.removeEventListener('online', this.onWindowOnline);
		window.removeEventListener('offline', this.onWindowOffline);
	}

	setDeviceLabel(label: string): void {
		this.deviceLabel = label.trim().slice(0, 60);
		store.setDeviceLabel(this.deviceLabel);
	}

	toggleMute(): void {
		this.muted = !this.muted;
		store.setPreference('muted', this.muted ? '1' : '0');
	}

	// ------------------------------------------------------------------ roster

	private useRoster(r: NonNullable<RosterIndex['roster']>): void {
		this.idx = indexRoster(r);
		this.rosterAt = r.generatedAt;
		this.rosterSize = r.delegates.filter((d) => d.st === 'active').length;
		this.rosterVersion++;
	}

	private saveSoon(): void {
		if (this.saveTimer) clearTimeout(this.saveTimer);
		this.saveTimer = setTimeout(() => {
			if (this.idx) void store.saveRoster(this.idx.roster).catch(() => {});
		}, 300);
	}

	/** Fetches the roster again (one download at a time: a slow one is waited for, not started twice). */
	refreshRoster(): Promise<void> {
		return (this.rosterLoading ??= this.loadRoster().finally(() => (this.rosterLoading = null)));
	}

	private async loadRoster(): Promise<void> {
		this.lastRosterFetch = Date.now();
		try {
			const res = await request<NonNullable<RosterIndex['roster']> & { error?: { code: string } }>('GET', `${this.api}/roster`, undefined, ROSTER_TIMEOUT_MS);
			if (res.status === 401) {
				this.needsLogin = true;
				return;
			}
			if (res.status !== 200) return;
			this.online = true;
			this.needsLogin = false;
			const roster = res.body;
			// Scans still in the queue are not on the server yet: keep them marked as in.
			const idx = indexRoster(roster);
			for (const q of await store.queued(this.eventId)) {
				if (q.kind !== 'checkin') continue;
				const e = q.delegateId ? idx.byId.get(q.delegateId) : this.findByRaw(idx, q.token ?? '');
				if (e && !e.in) e.in = { at: q.clientTime, by: 'máy này (chờ đồng bộ)', device: this.deviceLabel };
			}
			this.useRoster(roster);
			await store.saveRoster(roster);
			this.rosterStored = 'fresh';
		} catch (e) {
			if (e instanceof NetworkError) this.online = false;
		}
	}

	private findByRaw(idx: RosterIndex, raw: string): RosterEntry | undefined {
		const token = extractToken(raw);
		if (token) return idx.byHash.get(sha256Hex(token));
		const code = normaliseCode(raw);
		return code ? idx.byCode.get(code) : undefined;
	}

	private markIn(delegateId: number, info: { at: string; by: string; device: string } | null): void {
		const e = this.idx?.byId.get(delegateId);
		if (!e) return;
		e.in = info;
		this.rosterVersion++;
		this.saveSoon();
	}

	// ------------------------------------------------------------------ scanning

	private show(r: Shown): void {
		this.result = r;
		this.history = [r, ...this.history].slice(0, 12);
		if (!this.muted) beep(toneOf(r));
	}

	/** A scan from the camera or a handheld scanner, or a code typed. */
	scanText(raw: string): Promise<void> {
		const text = raw.trim();
		if (!text) return Promise.resolve();
		return this.submit({ raw: text });
	}

	/** A delegate picked from the search list. */
	checkInDelegate(delegateId: number): Promise<void> {
		return this.submit({ delegateId });
	}

	private async submit(target: OfflineTarget): Promise<void> {
		const nonce = randomId();
		const clientTime = new Date().toISOString();
		const ctx = { nonce, deviceId: this.deviceId, deviceLabel: this.deviceLabel, clientTime };
		this.busy = true;
		try {
			if (this.online && !this.needsLogin) {
				try {
					const res =
						'raw' in target
							? await request<ScanResult & { error?: { code: string; message: string } }>('POST', `${this.api}/scan`, { token: target.raw, ...ctx }, SCAN_TIMEOUT_MS)
							: await request<ScanResult & { error?: { code: string; message: string } }>('POST', `${this.api}/manual`, { delegateId: target.delegateId, ...ctx }, SCAN_TIMEOUT_MS);
					if (res.status === 200) {
						this.online = true;
						const r = res.body;
						if (r.delegate && (r.code === 'ok' || r.code === 'already_checked_in') && r.checkIn) {
							if (!this.idx?.byId.has(r.delegate.id)) void this.refreshRoster();
							this.markIn(r.delegate.id, { at: r.checkIn.at, by: r.checkIn.by, device: r.checkIn.device });
						}
						this.show({ ...r, shownAt: Date.now(), input: 'raw' in target ? target.raw : undefined });
						return;
					}
					if (res.status === 401) this.needsLogin = true;
					else {
						// The server refused the request itself (rights, input): say so, nothing to queue.
						this.show({
							code: 'invalid_token',
							message: 'Máy chủ từ chối yêu cầu',
							reason: res.body?.error?.message ?? `Lỗi ${res.status}`,
							warnings: [],
							shownAt: Date.now()
						});
						return;
					}
				} catch (e) {
					if (!(e instanceof NetworkError)) throw e;
					this.online = false;
				}
			}
			await this.decideOffline(target, ctx);
		} finally {
			this.busy = false;
		}
	}

	private async decideOffline(target: OfflineTarget, ctx: { nonce: string; deviceId: string; deviceLabel: string; clientTime: string }): Promise<void> {
		if (!this.idx) {
			this.show({
				code: 'invalid_token',
				message: 'Chưa có danh sách trên máy',
				reason: 'Mất kết nối và máy này chưa tải danh sách đại biểu: chưa thể kiểm tra.',
				warnings: [],
				offline: true,
				shownAt: Date.now()
			});
			return;
		}
		const { result, entry } = evaluateOffline(this.idx, target);
		const base = { eventId: this.eventId, clientTime: ctx.clientTime, deviceId: ctx.deviceId, deviceLabel: ctx.deviceLabel, nonce: ctx.nonce };
		const wire = 'raw' in target ? { token: target.raw } : { delegateId: target.delegateId };
		if (result.code === 'ok' && entry) {
			await store.enqueue({ ...base, ...wire, kind: 'checkin', name: entry.name });
			this.markIn(entry.id, { at: ctx.clientTime, by: 'máy này (chờ đồng bộ)', device: ctx.deviceLabel });
			result.checkIn = { id: 0, at: ctx.clientTime, method: 'offline_sync', by: '', device: ctx.deviceLabel };
			this.show({ ...result, offline: true, queuedNonce: ctx.nonce, shownAt: Date.now() });
		} else {
			// Refusals are queued too, so the scan log on the server has them with their reason.
			if (result.code !== 'already_checked_in')
				await store.enqueue({ ...base, ...wire, kind: 'refused', reason: result.reason ?? result.message, name: result.delegate?.name });
			this.show({ ...result, offline: true, shownAt: Date.now(), input: 'raw' in target ? target.raw : undefined });
		}
		await this.countQueue();
	}

	// ------------------------------------------------------------------ undo, walk-in

	async undo(shown: Shown, reason = 'Quét nhầm'): Promise<string | null> {
		const d = shown.delegate;
		if (!d) return null;
		if (shown.queuedNonce) {
			await store.dequeue([shown.queuedNonce]);
			await this.countQueue();
			this.markIn(d.id, null);
			shown.undone = true;
			if (this.result === shown) this.result = { ...shown, undone: true };
			return null;
		}
		try {
			const res = await request<{ error?: { message: string } }>('POST', `${this.api}/undo`, { delegateId: d.id, reason });
			if (res.status !== 200) return res.body?.error?.message ?? `Lỗi ${res.status}`;
			this.markIn(d.id, null);
			if (this.result && this.result.shownAt === shown.shownAt) this.result = { ...shown, undone: true };
			this.history = this.history.map((h) => (h.shownAt === shown.shownAt ? { ...h, undone: true } : h));
			return null;
		} catch {
			this.online = false;
			return 'Cần có mạng để hoàn tác lượt check-in đã gửi lên máy chủ.';
		}
	}

	async walkIn(input: { fullName: string; salutation: string; position: string; unit: string; phone: string; tierId: number }): Promise<{ error?: string; fields?: Record<string, string> }> {
		const body = { ...input, nonce: randomId(), deviceId: this.deviceId, deviceLabel: this.deviceLabel, clientTime: new Date().toISOString() };
		try {
			const res = await request<ScanResult & { error?: { code: string; message: string; fields?: Record<string, string> } }>('POST', `${this.api}/walk-ins`, body);
			if (res.status === 200 || res.status === 201) {
				this.show({ ...res.body, shownAt: Date.now() });
				void this.refreshRoster();
				return {};
			}
			return { error: res.body?.error?.message ?? `Lỗi ${res.status}`, fields: res.body?.error?.fields };
		} catch {
			this.online = false;
			return { error: 'Cần có mạng để thêm đại biểu mới. Ghi tên trên giấy, thêm sau khi có mạng.' };
		}
	}

	// ------------------------------------------------------------------ search

	search(query: string, limit = 30): { entry: RosterEntry; card: ReturnType<typeof cardOf> }[] {
		void this.rosterVersion;
		const idx = this.idx;
		const q = searchKey(query);
		if (!idx || !q) return [];
		const out: { entry: RosterEntry; card: ReturnType<typeof cardOf> }[] = [];
		for (const e of idx.roster.delegates) {
			if (e.st !== 'active') continue;
			if (!matchesSearchKey(e.key || searchKey(`${e.name} ${e.unit} ${e.pos}`), q)) continue;
			out.push({ entry: e, card: cardOf(idx, e) });
			if (out.length >= limit) break;
		}
		return out;
	}

	// ------------------------------------------------------------------ sync

	async countQueue(): Promise<void> {
		try {
			this.queueCount = (await store.queued(this.eventId)).length;
		} catch {
			/* IndexedDB unavailable */
		}
	}

	async ping(): Promise<void> {
		try {
			const res = await request('GET', '/api/v1/me', undefined, 4000);
			this.online = true;
			this.needsLogin = res.status === 401;
			if (this.queueCount > 0) await this.sync();
			else await this.refreshRoster();
		} catch {
			this.online = false;
		}
	}

	async sync(): Promise<void> {
		if (this.syncing) return;
		this.syncing = true;
		try {
			const items = await store.queued(this.eventId);
			for (let i = 0; i < items.length; i += 100) {
				const chunk = items.slice(i, i + 100);
				const res = await request<{ results?: { nonce: string; result: ScanResult }[]; error?: { code: string; message: string } }>(
					'POST',
					`${this.api}/sync`,
					{
						items: chunk.map((q) => ({
							kind: q.kind,
							token: q.token,
							delegateId: q.delegateId,
							nonce: q.nonce,
							deviceId: q.deviceId,
							deviceLabel: q.deviceLabel,
							clientTime: q.clientTime,
							reason: q.reason
						}))
					},
					20_000
				);
				this.online = true;
				if (res.status === 401) {
					this.needsLogin = true;
					break;
				}
				this.needsLogin = false;
				if (res.status === 200 && res.body.results) {
					const notes: string[] = [];
					res.body.results.forEach((o, j) => {
						const q = chunk[j];
						const r = o.result;
						if (r.delegate && r.checkIn && (r.code === 'ok' || r.code === 'already_checked_in'))
							this.markIn(r.delegate.id, { at: r.checkIn.at, by: r.checkIn.by, device: r.checkIn.device });
						if (q.kind === 'checkin' && r.code !== 'ok' && r.code !== 'already_checked_in')
							notes.push(`${q.name ?? r.delegate?.name ?? 'Một lượt quét'}: ${r.reason ?? r.message}`);
					});
					if (notes.length) this.syncNotes = [...notes, ...this.syncNotes].slice(0, 20);
					const sent = new Set(chunk.map((q) => q.nonce));
					const mark = (h: Shown) => (h.queuedNonce && sent.has(h.queuedNonce) ? { ...h, queuedNonce: undefined, synced: true } : h);
					if (this.result) this.result = mark(this.result);
					this.history = this.history.map(mark);
				} else if (res.status >= 400 && res.status < 500) {
					// The server will never accept these (malformed): drop them rather than block the queue.
					this.syncNotes = [`${chunk.length} lượt quét không đồng bộ được: ${res.body?.error?.message ?? res.status}`, ...this.syncNotes];
				} else break;
				await store.dequeue(chunk.map((q) => q.nonce));
			}
		} catch (e) {
			if (e instanceof NetworkError) this.online = false;
		} finally {
			this.syncing = false;
			await this.countQueue();
			if (this.online && this.queueCount === 0 && Date.now() - this.lastRosterFetch > 5000) void this.refreshRoster();
		}
	}

	/** Forgets this event's roster and queue on this device (after the conference). */
	async forget(): Promise<void> {
		await store.forgetEvent(this.eventId);
		this.rosterStored = 'none';
		this.idx = null;
		this.rosterAt = null;
		this.rosterSize = 0;
		this.rosterVersion++;
		await this.countQueue();
	}
}
