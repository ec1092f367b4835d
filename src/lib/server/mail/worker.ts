/**
 * The outbox worker. Claims due mails with FOR UPDATE SKIP LOCKED (so several workers, in one process or
 * many, never take the same row), marks them 'sending' and commits before talking to SMTP, then records
 * the result: sent; retry with backoff (transient); failed (permanent or out of attempts).
 *
 * A mail found 'sending' after its lock expired was interrupted (the process was killed). If it had been
 * handed to the SMTP server (its claim token carries the ':smtp' mark, written just before the SMTP
 * transaction), we cannot know whether the server accepted it, so it becomes 'uncertain' and is NOT resent
 * automatically — a person decides (the interface says what happened). That is how a restart never sends an
 * invitation twice. The window is the few milliseconds of one SMTP transaction: a mail interrupted before
 * (while its attachments were being rendered, which takes far longer) never reached the server and is
 * simply queued again.
 */
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Database_, Executor } from '$lib/server/db';
import type { Database } from '$lib/server/db/schema';
import { registerWorker } from '$lib/server/workers';
import { config } from '$lib/server/config';
import { isDatabaseUnavailable, noteDatabaseReachable, noteOutage } from '$lib/server/db/unavailable';
import { attachmentRenderer } from './attachments';
import { MAIL_CHANNEL } from './outbox';
import type { MailMessageTable } from './tables';
import { classifySendError, closeTransporters, smtpSettingsFor, transporterFor } from './transport';

export type MessageRow = Selectable<MailMessageTable>;

export interface WorkerOptions {
	/** Mails in flight at once per worker (also the SMTP pool size). */
	concurrency: number;
	/** Polling interval when no notification arrives. */
	pollMs: number;
	/** How long a claim lasts before the mail counts as interrupted. */
	claimMs: number;
	maxAttempts: number;
	backoffMs: (attempt: number) => number;
	/**
	 * This worker is the only one that can hold claims on its database (the embedded one: one process per folder,
	 * see acquireDirLock): every claim older than its start belongs to a process that died, so it is taken back
	 * at once instead of after `claimMs`. Never for PostgreSQL, where other instances hold live claims.
	 */
	soleWorker?: boolean;
}

const BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360];

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
	concurrency: 5,
	pollMs: 2_000,
	claimMs: 120_000,
	maxAttempts: 7,
	backoffMs: (attempt) => BACKOFF_MINUTES[Math.min(attempt - 1, BACKOFF_MINUTES.length - 1)] * 60_000
};

/** Claims up to `limit` due mails and marks them 'sending' (committed before sending). */
export async function claimDue(db: Executor, limit: number, claimMs: number): Promise<MessageRow[]> {
	return db.transaction().execute(async (tx) => {
		const ids = await tx
			.selectFrom('mail_message')
			.select('id')
			.where('status', 'in', ['queued', 'retry'])
			.where('next_attempt_at', '<=', sql<Date>`now()`)
			.orderBy('next_attempt_at')
			.orderBy('id')
			.limit(limit)
			.forUpdate()
			.skipLocked()
			.execute();
		if (!ids.length) return [];
		return tx
			.updateTable('mail_message')
			.set({
				status: 'sending',
				claim_token: crypto.randomUUID(),
				attempts: sql`attempts + 1`,
				locked_until: sql`now() + make_interval(secs => ${claimMs / 1000})`,
				updated_at: sql`now()`
			})
			.where('id', 'in', ids.map((r) => r.id))
			.returningAll()
			.execute();
	});
}

/** Marks a claim as handed to the SMTP server: from now on an interruption leaves the outcome unknown. */
export const HANDED_MARK = ':smtp';

/**
 * Mails left 'sending' past their claim. Handed to the SMTP server: interrupted, outcome unknown
 * ('uncertain'). Not handed yet (killed while rendering attachments): queued again, nothing was sent.
 * Returns how many mails were found.
 */
export async function markInterrupted(db: Executor, claimedBefore?: Date): Promise<number> {
	// Expired, or (sole worker) claimed before this worker started: by a process that no longer runs.
	const dead = (eb: ExpressionBuilder<Database, 'mail_message'>) =>
		claimedBefore ? eb.or([eb('locked_until', '<', sql<Date>`now()`), eb('updated_at', '<', claimedBefore)]) : eb('locked_until', '<', sql<Date>`now()`);
	const requeued = await db
		.updateTable('mail_message')
		.set({
			status: 'queued',
			next_attempt_at: sql`now()`,
			last_error: 'Lần gửi trước bị gián đoạn trước khi tới máy chủ thư (thư chưa được gửi): đã xếp lại để gửi.',
			locked_until: null,
			claim_token: null,
			updated_at: sql`now()`
		})
		.where('status', '=', 'sending')
		.where(dead)
		.where((eb) => eb.or([eb('claim_token', 'is', null), eb('claim_token', 'not like', `%${HANDED_MARK}`)]))
		.executeTakeFirst();
	const r = await db
		.updateTable('mail_message')
		.set({
			status: 'uncertain',
			error_kind: 'interrupted',
			last_error:
				'Quá trình gửi bị gián đoạn (máy chủ dừng giữa chừng): chưa rõ thư đã đến người nhận hay chưa. Hãy kiểm tra rồi gửi lại nếu cần.',
			locked_until: null,
			claim_token: null,
			updated_at: sql`now()`
		})
		.where('status', '=', 'sending')
		.where(dead)
		.where('claim_token', 'like', `%${HANDED_MARK}`)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) + Number(requeued.numUpdatedRows);
}

function hostOf(url: string): string {
	try {
		return new URL(url).hostname || 'hoinghi.local';
	} catch {
		return 'hoinghi.local';
	}
}

/** Sends one claimed mail and records the outcome. */
export async function deliver(db: Executor, msg: MessageRow, opts: WorkerOptions, publicUrl: string): Promise<MessageRow['status']> {
	let claim = msg.claim_token!;
	const finish = async (set: Record<string, unknown>) => {
		await db
			.updateTable('mail_message')
			.set({ ...set, locked_until: null, claim_token: null, updated_at: sql`now()` } as never)
			.where('id', '=', msg.id)
			.where('status', '=', 'sending')
			.where('claim_token', '=', claim)
			.execute();
	};
	let attachments: { filename: string; content: Buffer; contentType: string }[] = [];
	try {
		attachments = await Promise.all(
			(msg.attachments ?? []).map(async (a) => {
				const render = attachmentRenderer(a.renderer);
				if (!render) throw new Error(`Không có bộ tạo tệp đính kèm "${a.renderer}"`);
				return { filename: a.filename, contentType: a.contentType, content: Buffer.from(await render(db, a.params)) };
			})
		);
	} catch (e) {
		await finish({ status: 'failed', error_kind: 'permanent', last_error: `Không tạo được tệp đính kèm: ${(e as Error).message}` });
		return 'failed';
	}
	const settings = await smtpSettingsFor(db, msg.organisation_id);
	if (!settings) {
		// No SMTP configured: the mail is delivered to the in-app outbox viewer.
		await finish({ status: 'sent', transport: 'local', sent_at: sql`now()`, last_error: null, error_kind: null });
		return 'sent';
	}
	// From here the mail may reach the server: an interruption now leaves its outcome unknown.
	const handed = `${claim}${HANDED_MARK}`;
	const marked = await db
		.updateTable('mail_message')
		.set({ claim_token: handed, updated_at: sql`now()` })
		.where('id', '=', msg.id)
		.where('status', '=', 'sending')
		.where('claim_token', '=', claim)
		.executeTakeFirst();
	// The claim was lost (expired and taken over): another worker owns this mail now.
	if (!Number(marked.numUpdatedRows)) return 'sending';
	claim = handed;
	try {
		const info = await transporterFor(settings).sendMail({
			from: settings.from,
			to: msg.to_name ? { name: msg.to_name, address: msg.to_address } : msg.to_address,
			subject: msg.subject,
			text: msg.text_body,
			html: msg.html_body ?? undefined,
			attachments,
			messageId: `<hn-${msg.id}-${msg.idempotency_key.replace(/[^a-zA-Z0-9.-]/g, '.')}@${hostOf(publicUrl)}>`,
			headers: { 'X-HoiNghi-Message': String(msg.id) }
		});
		await finish({
			status: 'sent',
			transport: 'smtp',
			provider_message_id: info.messageId ?? null,
			sent_at: sql`now()`,
			last_error: null,
			error_kind: null
		});
		return 'sent';
	} catch (e) {
		const { kind, message } = classifySendError(e);
		if (kind === 'permanent' || msg.attempts >= opts.maxAttempts) {
			await finish({
				status: 'failed',
				error_kind: kind,
				last_error: kind === 'permanent' ? message : `Đã thử ${msg.attempts} lần không thành công. ${message}`
			});
			return 'failed';
		}
		await finish({
			status: 'retry',
			error_kind: 'transient',
			last_error: message,
			next_attempt_at: new Date(Date.now() + opts.backoffMs(msg.attempts))
		});
		return 'retry';
	}
}

/** Claims and sends until nothing is due. Returns how many mails were handled. */
export async function drain(db: Executor, opts: WorkerOptions, publicUrl: string, shouldStop: () => boolean = () => false): Promise<number> {
	let handled = 0;
	while (!shouldStop()) {
		const batch = await claimDue(db, opts.concurrency, opts.claimMs);
		if (!batch.length) break;
		await Promise.all(batch.map((m) => deliver(db, m, opts, publicUrl)));
		handled += batch.length;
	}
	return handled;
}

/** Runs the worker loop until the returned stop function is called (it waits for mails in flight). */
export function runMailWorker(d: Database_, publicUrl: string, partial: Partial<WorkerOptions> = {}): () => Promise<void> {
	const opts = { ...DEFAULT_WORKER_OPTIONS, ...partial };
	const startedAt = opts.soleWorker ? new Date() : undefined;
	let stopped = false;
	let wake: (() => void) | null = null;
	let unlisten: (() => Promise<void>) | null = null;
	const loop = (async () => {
		try {
			// Woken by a new queued mail, and when the LISTEN is back after an outage (mail queued meanwhile).
			unlisten = await d.listen(MAIL_CHANNEL, () => wake?.(), () => wake?.());
		} catch (e) {
			console.error('[hoi-nghi] không đăng ký được kênh thông báo thư (dùng chu kỳ quét):', e);
		}
		while (!stopped) {
			try {
				await markInterrupted(d.db, startedAt);
				noteDatabaseReachable();
				await drain(d.db, opts, publicUrl, () => stopped);
			} catch (e) {
				// The database went away: say so once, poll again; postgres.js reconnects when it is back.
				if (!stopped && isDatabaseUnavailable(e)) noteOutage(e, 'bộ gửi thư quét hàng đợi');
				else if (!stopped) console.error('[hoi-nghi] lỗi bộ gửi thư:', e);
			}
			if (stopped) break;
			await new Promise<void>((resolve) => {
				const t = setTimeout(resolve, opts.pollMs);
				wake = () => {
					clearTimeout(t);
					resolve();
				};
			});
			wake = null;
		}
	})();
	return async () => {
		stopped = true;
		wake?.();
		await loop;
		await unlisten?.();
		// Pooled SMTP connections would keep the process alive until their idle timeout (30 s) after a stop.
		closeTransporters();
	};
}

registerWorker((d) => runMailWorker(d, config().publicUrl, { soleWorker: d.kind === 'pglite' }));
