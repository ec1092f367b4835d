/**
 * Live check-in events for server-sent event streams, fed by PostgreSQL LISTEN on CHECKIN_CHANNEL: every
 * instance of the app hears every check-in committed by any instance, so all screens agree.
 *
 * One LISTEN per process, fanned out here to the streams open on this process. The subscriber set is a
 * fan-out of one database connection (like a pool), not state another instance would need: a stream that
 * connects to another instance subscribes there.
 */
import { db as appDb, getDatabase, type Executor } from '$lib/server/db';
import { CHECKIN_CHANNEL, type CheckinChangeKind, type CheckinNotification } from './presence';
import { delegateCard } from './service';
import type { DelegateCard } from './dto';

export interface CheckinEvent {
	eventId: number;
	delegateId: number;
	kind: CheckinChangeKind;
	/** Who it is (for arrivals): the organiser's screen flags leaders at once. */
	delegate: DelegateCard | null;
	at: string | null;
	by: string;
	device: string;
}

type Listener = (e: CheckinEvent) => void;

const listeners = new Map<number, Set<Listener>>();
/** The open streams of every event, told when the LISTEN came back after a lost connection. */
const resyncers = new Set<() => void>();
let listening: Promise<unknown> | null = null;

/**
 * Open streams end when the process is asked to stop: adapter-node waits for open connections before it
 * exits, and an event stream never ends on its own.
 */
const openStreams = new Set<() => void>();
let shutdownHooked = false;
function hookShutdown() {
	if (shutdownHooked) return;
	shutdownHooked = true;
	for (const sig of ['SIGTERM', 'SIGINT'] as const)
		process.once(sig, () => {
			for (const close of [...openStreams]) close();
		});
}

/** Parses a NOTIFY payload; null when it is not ours. */
export function parseNotification(payload: string): CheckinNotification | null {
	try {
		const o = JSON.parse(payload) as Record<string, unknown>;
		if (!Number.isSafeInteger(o.eventId) || !Number.isSafeInteger(o.delegateId) || typeof o.kind !== 'string') return null;
		return { eventId: o.eventId as number, delegateId: o.delegateId as number, kind: o.kind as CheckinChangeKind };
	} catch {
		return null;
	}
}

/** Adds who and when to a notification (one query per notification, shared by all streams of the event). */
export async function enrich(db: Executor, n: CheckinNotification): Promise<CheckinEvent> {
	const [delegate, c] = await Promise.all([
		delegateCard(db, n.eventId, n.delegateId),
		db
			.selectFrom('check_in')
			.select(['checked_in_at', 'staff_label', 'device_label'])
			.where('event_id', '=', n.eventId)
			.where('delegate_id', '=', n.delegateId)
			.where('undone_at', 'is', null)
			.executeTakeFirst()
	]);
	return {
		...n,
		delegate,
		at: c?.checked_in_at.toISOString() ?? null,
		by: c?.staff_label ?? '',
		device: c?.device_label ?? ''
	};
}

function ensureListening(): Promise<unknown> {
	listening ??= getDatabase()
		.listen(CHECKIN_CHANNEL, (payload) => {
			const n = parseNotification(payload);
			if (!n) return;
			const set = listeners.get(n.eventId);
			if (!set?.size) return;
			enrich(appDb(), n)
				.then((e) => {
					for (const fn of listeners.get(n.eventId) ?? []) {
						try {
							fn(e);
						} catch {
							/* a closed stream */
						}
					}
				})
				.catch((err) => console.error('[hoi-nghi] check-in: không đọc được thông báo', err));
		}, () => {
			for (const fn of [...resyncers]) fn();
		})
		.catch((e) => {
			listening = null;
			throw e;
		});
	return listening;
}

/** Subscribes to the check-in changes of one event. Returns the unsubscribe function. */
export async function subscribeCheckins(eventId: number, fn: Listener): Promise<() => void> {
	await ensureListening();
	let set = listeners.get(eventId);
	if (!set) listeners.set(eventId, (set = new Set()));
	set.add(fn);
	return () => {
		const s = listeners.get(eventId);
		s?.delete(fn);
		if (s && !s.size) listeners.delete(eventId);
	};
}

/**
 * A text/event-stream response: `hello` at once, then one `checkin` event per change of the event, and a
 * comment every 20 s so proxies keep the connection open. The browser's EventSource reconnects by itself
 * (retry: 3 s); the page refetches the counts on every (re)connect, so nothing missed stays missing. When
 * this server lost its own LISTEN connection (the database went away) and has it back, check-ins made
 * meanwhile were not heard: every open stream gets `resync`, and the page refetches the counts at once.
 */
export async function checkinEventStream(eventId: number, signal?: AbortSignal): Promise<Response> {
	const enc = new TextEncoder();
	let done = false;
	let unsubscribe: (() => void) | null = null;
	let ping: ReturnType<typeof setInterval> | null = null;
	let ctrl: ReadableStreamDefaultController<Uint8Array> | null = null;
	const finish = (closeStream: boolean) => {
		if (done) return;
		done = true;
		if (ping) clearInterval(ping);
		unsubscribe?.();
		resyncers.delete(resync);
		openStreams.delete(end);
		if (closeStream) {
			try {
				ctrl?.close();
			} catch {
				/* already closed */
			}
		}
	};
	const end = () => finish(true);
	const resync = () => send(`event: resync\ndata: ${JSON.stringify({ eventId, at: new Date().toISOString() })}\n\n`);
	const send = (s: string) => {
		if (done || !ctrl) return;
		try {
			ctrl.enqueue(enc.encode(s));
		} catch {
			finish(false);
		}
	};
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			ctrl = controller;
			openStreams.add(end);
			hookShutdown();
			signal?.addEventListener('abort', end);
			send(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ eventId, at: new Date().toISOString() })}\n\n`);
			const unsub = await subscribeCheckins(eventId, (e) => send(`event: checkin\ndata: ${JSON.stringify(e)}\n\n`));
			// Cancelled while subscribing: let go at once.
			if (done) return unsub();
			unsubscribe = unsub;
			resyncers.add(resync);
			ping = setInterval(() => send(`: ping ${Date.now()}\n\n`), 20_000);
		},
		cancel() {
			finish(false);
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
}
