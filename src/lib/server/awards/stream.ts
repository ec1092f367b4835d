/**
 * The stage stream: one server-sent event `change` whenever something the live views show has changed for an
 * event — a check-in (NOTIFY 'hn_checkin' from the check-in capability), a stage move, a programme mark or a
 * new arrangement of batches (NOTIFY STAGE_CHANNEL from here). Both arrive through PostgreSQL LISTEN, so every
 * app instance hears changes made on any other. The page reloads its data on each event; a slow poll covers
 * a cut stream.
 */
import { getDatabase, notify, type Executor } from '$lib/server/db';
import { CHECKIN_CHANNEL } from '$lib/server/checkin/presence';

export const STAGE_CHANNEL = 'hn_stage';

/** Announces a change of the stage, programme or batches of an event (inside the change's transaction). */
export async function notifyStage(tx: Executor, eventId: number, what: string): Promise<void> {
	await notify(tx, STAGE_CHANNEL, JSON.stringify({ eventId, what }));
}

type Listener = (what: string) => void;
// A fan-out of this process's one LISTEN connection to its open streams (like a pool): not per-user state.
const listeners = new Map<number, Set<Listener>>();
let listening: Promise<unknown> | null = null;
const openStreams = new Set<() => void>();
let hooked = false;

function dispatch(payload: string, fallback: string) {
	try {
		const o = JSON.parse(payload) as { eventId?: unknown; what?: unknown; kind?: unknown };
		if (!Number.isSafeInteger(o.eventId)) return;
		for (const fn of listeners.get(o.eventId as number) ?? []) {
			try {
				fn(typeof o.what === 'string' ? o.what : typeof o.kind === 'string' ? `${fallback}:${o.kind}` : fallback);
			} catch {
				/* a closed stream */
			}
		}
	} catch {
		/* not ours */
	}
}

/** The LISTEN came back after a lost connection: changes made meanwhile were not heard, every view reloads. */
function resyncAll() {
	for (const set of listeners.values())
		for (const fn of [...set]) {
			try {
				fn('resync');
			} catch {
				/* a closed stream */
			}
		}
}

function ensureListening(): Promise<unknown> {
	listening ??= Promise.all([
		getDatabase().listen(STAGE_CHANNEL, (p) => dispatch(p, 'stage'), resyncAll),
		getDatabase().listen(CHECKIN_CHANNEL, (p) => dispatch(p, 'checkin'), resyncAll)
	]).catch((e) => {
		listening = null;
		throw e;
	});
	return listening;
}

/** A text/event-stream response for one event's stage: `hello`, then `change` events, a ping every 20 s. */
export async function stageEventStream(eventId: number, signal?: AbortSignal): Promise<Response> {
	await ensureListening();
	if (!hooked) {
		hooked = true;
		for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => [...openStreams].forEach((close) => close()));
	}
	const enc = new TextEncoder();
	let ctrl: ReadableStreamDefaultController<Uint8Array> | null = null;
	let ping: ReturnType<typeof setInterval> | null = null;
	let done = false;
	const send = (s: string) => {
		if (done || !ctrl) return;
		try {
			ctrl.enqueue(enc.encode(s));
		} catch {
			finish(false);
		}
	};
	const listener: Listener = (what) => send(`event: change\ndata: ${JSON.stringify({ what })}\n\n`);
	const finish = (close: boolean) => {
		if (done) return;
		done = true;
		if (ping) clearInterval(ping);
		listeners.get(eventId)?.delete(listener);
		if (!listeners.get(eventId)?.size) listeners.delete(eventId);
		openStreams.delete(end);
		if (close) {
			try {
				ctrl?.close();
			} catch {
				/* already closed */
			}
		}
	};
	const end = () => finish(true);
	const stream = new ReadableStream<Uint8Array>({
		start(c) {
			ctrl = c;
			openStreams.add(end);
			signal?.addEventListener('abort', end);
			let set = listeners.get(eventId);
			if (!set) listeners.set(eventId, (set = new Set()));
			set.add(listener);
			send(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ eventId })}\n\n`);
			ping = setInterval(() => send(`: ping\n\n`), 20_000);
		},
		cancel() {
			finish(false);
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' }
	});
}
