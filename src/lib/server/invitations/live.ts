/**
 * Live updates for the organiser's invitation pages, as Server-Sent Events. Replies and newly queued mail
 * arrive by PostgreSQL NOTIFY (getDatabase().listen), so every app instance sees them; the worker does not
 * notify when a mail is delivered, so the stream also compares a small fingerprint of the event's outbox
 * every 1.5 s. The browser only hears "changed" and reloads its data (no state is kept here).
 */
import { sql } from 'kysely';
import { getDatabase } from '$lib/server/db';
import { MAIL_CHANNEL } from '$lib/server/mail/outbox';
import { INVITATION_CHANNEL } from './queue';

const POLL_MS = 1500;
const PING_MS = 20_000;

async function fingerprint(eventId: number): Promise<string> {
	const r = await getDatabase()
		.db.selectFrom('mail_message')
		.select([sql<number>`count(*)`.as('n'), sql<string>`coalesce(max(updated_at)::text, '')`.as('u'), sql<number>`coalesce(max(id), 0)`.as('m')])
		.where('event_id', '=', eventId)
		.executeTakeFirstOrThrow();
	const d = await getDatabase()
		.db.selectFrom('delegate')
		.select([sql<number>`count(*)`.as('n'), sql<string>`coalesce(max(updated_at)::text, '')`.as('u')])
		.where('event_id', '=', eventId)
		.executeTakeFirstOrThrow();
	return `${r.n}|${r.u}|${r.m}|${d.n}|${d.u}`;
}

/** An SSE response that says "changed" whenever the event's invitations or mails change. */
export function invitationStream(eventId: number, signal: AbortSignal): Response {
	const enc = new TextEncoder();
	let closed = false;
	const cleanups: Array<() => unknown> = [];
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (event: string, data: string) => {
				if (closed) return;
				try {
					controller.enqueue(enc.encode(`event: ${event}\ndata: ${data}\n\n`));
				} catch {
					close();
				}
			};
			const close = () => {
				if (closed) return;
				closed = true;
				for (const c of cleanups.splice(0)) {
					try {
						c();
					} catch {
						/* already gone */
					}
				}
				try {
					controller.close();
				} catch {
					/* already closed */
				}
			};
			signal.addEventListener('abort', close);
			let last = '';
			let checking = false;
			const check = async () => {
				if (closed || checking) return;
				checking = true;
				try {
					const f = await fingerprint(eventId);
					if (f !== last) {
						if (last) send('changed', JSON.stringify({ at: Date.now() }));
						last = f;
					}
				} catch {
					/* the database is closing: the browser will reconnect */
				} finally {
					checking = false;
				}
			};
			// Retry after 2 s when the connection drops (EventSource reconnects by itself).
			controller.enqueue(enc.encode('retry: 2000\n\n'));
			send('ready', '{}');
			await check();
			const d = getDatabase();
			try {
				const un1 = await d.listen(INVITATION_CHANNEL, (payload) => {
					if (payload === String(eventId)) void check().then(() => send('changed', JSON.stringify({ at: Date.now(), reply: true })));
				}, () => void check());
				cleanups.push(() => void un1());
				const un2 = await d.listen(MAIL_CHANNEL, () => void check());
				cleanups.push(() => void un2());
			} catch {
				/* polling alone still works */
			}
			const poll = setInterval(() => void check(), POLL_MS);
			const ping = setInterval(() => send('ping', '{}'), PING_MS);
			cleanups.push(() => clearInterval(poll), () => clearInterval(ping));
			if (closed) close();
		},
		cancel() {
			closed = true;
			for (const c of cleanups.splice(0)) c();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no',
			connection: 'keep-alive'
		}
	});
}
