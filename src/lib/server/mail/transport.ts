/**
 * Where mail goes: an SMTP server (settings per organisation, else the SMTP_* environment), or — when none
 * is configured — the in-app outbox viewer, so the demo works with no mail server.
 * nodemailer sits behind this one wrapper: pooled connections (smtp-server and real servers both greet
 * slowly; STACK.md P15), timeouts on every phase, and errors classified as transient or permanent.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Executor } from '$lib/server/db';
import { config } from '$lib/server/config';
import { seal, unseal } from '$lib/server/crypto';

export interface SmtpSettings {
	host: string;
	port: number;
	/** 'tls': implicit TLS (465); 'starttls': require STARTTLS; 'auto': STARTTLS if offered; 'none': plain. */
	security: 'tls' | 'starttls' | 'auto' | 'none';
	user: string | null;
	password: string | null;
	from: string;
	allowSelfSigned: boolean;
}

export const SMTP_SETTING_KEY = 'mail.smtp';

interface StoredSmtp extends Omit<SmtpSettings, 'password'> {
	passwordSealed: string | null;
}

/** The organisation's SMTP settings, else the environment's, else null (local outbox viewer). */
export async function smtpSettingsFor(db: Executor, organisationId: number | null): Promise<SmtpSettings | null> {
	if (organisationId) {
		const row = await db
			.selectFrom('setting')
			.select('value')
			.where('organisation_id', '=', organisationId)
			.where('key', '=', SMTP_SETTING_KEY)
			.executeTakeFirst();
		const v = row?.value as StoredSmtp | undefined;
		if (v?.host) {
			return { ...v, password: v.passwordSealed ? unseal(v.passwordSealed) : null };
		}
	}
	const env = config().smtp;
	if (!env.host) return null;
	return {
		host: env.host,
		port: env.port,
		security: env.secure ? 'tls' : process.env.SMTP_SECURITY === 'none' ? 'none' : 'auto',
		user: env.user,
		password: env.password,
		from: env.from,
		allowSelfSigned: process.env.SMTP_ALLOW_SELF_SIGNED === '1'
	};
}

export async function saveSmtpSettings(
	db: Executor,
	organisationId: number,
	s: SmtpSettings | null,
	updatedBy: number | null
): Promise<void> {
	if (!s) {
		await db.deleteFrom('setting').where('organisation_id', '=', organisationId).where('key', '=', SMTP_SETTING_KEY).execute();
		return;
	}
	const existing = await smtpSettingsFor(db, organisationId);
	// An empty password field in the form means "keep the current one".
	const password = s.password ?? existing?.password ?? null;
	const stored: StoredSmtp = {
		host: s.host,
		port: s.port,
		security: s.security,
		user: s.user,
		from: s.from,
		allowSelfSigned: s.allowSelfSigned,
		passwordSealed: password ? seal(password) : null
	};
	await db.deleteFrom('setting').where('organisation_id', '=', organisationId).where('key', '=', SMTP_SETTING_KEY).execute();
	await db
		.insertInto('setting')
		.values({ organisation_id: organisationId, key: SMTP_SETTING_KEY, value: JSON.stringify(stored), updated_by: updatedBy })
		.execute();
}

// Transporters are connection pools keyed by their settings: process-wide resources, not per-user state.
const pools = new Map<string, Transporter>();

export function transporterFor(s: SmtpSettings): Transporter {
	const key = JSON.stringify(s);
	let t = pools.get(key);
	if (!t) {
		t = nodemailer.createTransport({
			host: s.host,
			port: s.port,
			secure: s.security === 'tls',
			requireTLS: s.security === 'starttls',
			ignoreTLS: s.security === 'none',
			auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
			pool: true,
			maxConnections: 5,
			maxMessages: 100,
			connectionTimeout: 10_000,
			greetingTimeout: 10_000,
			socketTimeout: 30_000,
			tls: s.allowSelfSigned ? { rejectUnauthorized: false } : undefined
		});
		pools.set(key, t);
	}
	return t;
}

export function closeTransporters(): void {
	for (const t of pools.values()) t.close();
	pools.clear();
}

export type SendErrorKind = 'transient' | 'permanent';

/** 5xx answers (bad address, rejected) are permanent; 4xx, timeouts and connection errors are worth a retry. */
export function classifySendError(e: unknown): { kind: SendErrorKind; message: string } {
	const err = e as { responseCode?: number; code?: string; message?: string; response?: string };
	const code = err?.responseCode;
	const text = (err?.response || err?.message || String(e)).slice(0, 500);
	// A refused login (535) is the account's settings, not the recipient: retried with backoff, so the mails go
	// out once the password is corrected, instead of each failing for good.
	if (err?.code === 'EAUTH')
		return { kind: 'transient', message: `Đăng nhập máy chủ thư thất bại: kiểm tra tài khoản và mật khẩu SMTP (sẽ tự thử lại). ${text}` };
	if (typeof code === 'number') {
		if (code >= 500) return { kind: 'permanent', message: `Máy chủ thư từ chối (${code}): ${text}` };
		return { kind: 'transient', message: `Máy chủ thư tạm từ chối (${code}): ${text}` };
	}
	switch (err?.code) {
		case 'ETIMEDOUT':
			// Connected but no answer in time (greeting, a command or the data): the server is overloaded or
			// the port is wrong (e.g. TLS on 465 spoken to as plain SMTP).
			return { kind: 'transient', message: `Máy chủ thư không trả lời (quá thời gian chờ): ${text}. Sẽ tự thử lại.` };
		case 'ECONNECTION':
		case 'ESOCKET':
		case 'ECONNREFUSED':
		case 'EDNS':
			if (/ECONNREFUSED/.test(text))
				return { kind: 'transient', message: `Không kết nối được máy chủ thư: máy chủ từ chối kết nối (${text}). Kiểm tra địa chỉ và cổng SMTP; sẽ tự thử lại.` };
			return { kind: 'transient', message: `Không kết nối được máy chủ thư: ${text}` };
		case 'EENVELOPE':
			return { kind: 'permanent', message: `Địa chỉ thư không hợp lệ: ${text}` };
		default:
			return { kind: 'transient', message: text };
	}
}

/** For the settings page: connects and authenticates, with a Vietnamese verdict. */
export async function verifySmtp(s: SmtpSettings): Promise<{ ok: boolean; message: string }> {
	const t = nodemailer.createTransport({
		host: s.host,
		port: s.port,
		secure: s.security === 'tls',
		requireTLS: s.security === 'starttls',
		ignoreTLS: s.security === 'none',
		auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
		connectionTimeout: 8_000,
		greetingTimeout: 8_000,
		socketTimeout: 10_000,
		tls: s.allowSelfSigned ? { rejectUnauthorized: false } : undefined
	});
	try {
		await t.verify();
		return { ok: true, message: `Kết nối thành công tới ${s.host}:${s.port}` };
	} catch (e) {
		return { ok: false, message: classifySendError(e).message };
	} finally {
		t.close();
	}
}
