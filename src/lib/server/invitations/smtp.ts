/**
 * The SMTP settings page of an organisation (administrators): read (never the password), save (the
 * password sealed by saveSmtpSettings; empty keeps the current one), remove (back to the environment's
 * server or the in-app outbox), check the connection, and send a test mail through the outbox.
 */
import { inTransaction, type Executor } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireOrgPermission, type Principal } from '$lib/server/auth/access';
import { invalid, notFound } from '$lib/server/errors';
import { can } from '$lib/server/auth/permissions';
import { config } from '$lib/server/config';
import { enqueueMessage } from '$lib/server/mail/outbox';
import { SMTP_SETTING_KEY, saveSmtpSettings, smtpSettingsFor, verifySmtp, type SmtpSettings } from '$lib/server/mail/transport';
import { normalizeText } from '$lib/format';

export const SECURITY_LABELS: Record<SmtpSettings['security'], string> = {
	tls: 'TLS ngay từ đầu (cổng 465)',
	starttls: 'Bắt buộc STARTTLS (cổng 587)',
	auto: 'STARTTLS nếu máy chủ hỗ trợ',
	none: 'Không mã hóa (chỉ mạng nội bộ)'
};

export interface SmtpForm {
	host: string;
	port: string;
	security: SmtpSettings['security'];
	user: string;
	from: string;
	allowSelfSigned: boolean;
	hasPassword: boolean;
}

export async function smtpPage(db: Executor, principal: Principal, organisationId: number) {
	await requireOrgPermission(db, principal, organisationId, 'org.manage');
	const org = await db.selectFrom('organisation').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirst();
	if (!org) throw notFound('Không tìm thấy đơn vị');
	const own = await db
		.selectFrom('setting')
		.select(['updated_at'])
		.where('organisation_id', '=', organisationId)
		.where('key', '=', SMTP_SETTING_KEY)
		.executeTakeFirst();
	const s = await smtpSettingsFor(db, organisationId);
	const env = config().smtp;
	const source: 'organisation' | 'environment' | 'none' = own ? 'organisation' : env.host ? 'environment' : 'none';
	const form: SmtpForm = {
		host: own && s ? s.host : '',
		port: own && s ? String(s.port) : '587',
		security: own && s ? s.security : 'auto',
		user: own && s ? (s.user ?? '') : '',
		from: own && s ? s.from : `${org.name} <no-reply@example.gov.vn>`,
		allowSelfSigned: own && s ? s.allowSelfSigned : false,
		hasPassword: !!(own && s?.password)
	};
	return {
		org,
		source,
		updatedAt: own?.updated_at ?? null,
		effective: s ? { host: s.host, port: s.port, from: s.from } : null,
		form
	};
}

/** Validates the form. An empty password keeps the stored one (null); `clearPassword` removes it. */
export function parseSmtpForm(v: Record<string, string>): SmtpSettings {
	const errors: Record<string, string> = {};
	const host = normalizeText(v.host ?? '');
	const port = Number(v.port);
	const security = (['tls', 'starttls', 'auto', 'none'] as const).find((x) => x === v.security);
	const user = normalizeText(v.user ?? '');
	const from = normalizeText(v.from ?? '');
	if (!host || !/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(host)) errors.host = 'Tên máy chủ không hợp lệ (ví dụ smtp.tinh.gov.vn)';
	if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'Cổng từ 1 đến 65535';
	if (!security) errors.security = 'Chọn kiểu mã hóa';
	if (!from || !/[^@\s<]+@[^@\s>]+\.[^@\s>]+/.test(from)) errors.from = 'Địa chỉ gửi, ví dụ: Văn phòng UBND tỉnh <vanphong@tinh.gov.vn>';
	if (from.length > 200) errors.from = 'Tối đa 200 ký tự';
	if (Object.keys(errors).length) throw invalid(errors);
	const password = v.clearPassword === '1' ? '' : v.password ? v.password : null;
	return { host, port, security: security!, user: user || null, password, from, allowSelfSigned: v.allowSelfSigned === '1' || v.allowSelfSigned === 'on' };
}

export async function saveOrganisationSmtp(db: Executor, principal: Principal, organisationId: number, s: SmtpSettings): Promise<void> {
	await inTransaction(db, async (tx) => {
		await requireOrgPermission(tx, principal, organisationId, 'org.manage');
		// '' means "remove the password" (saveSmtpSettings keeps the old one for null).
		const clear = s.password === '';
		await saveSmtpSettings(tx, organisationId, { ...s, password: clear ? null : s.password }, principal.user.id);
		if (clear) {
			const row = await tx.selectFrom('setting').select(['id', 'value']).where('organisation_id', '=', organisationId).where('key', '=', SMTP_SETTING_KEY).executeTakeFirstOrThrow();
			const value = { ...(row.value as Record<string, unknown>), passwordSealed: null };
			await tx.updateTable('setting').set({ value: JSON.stringify(value) }).where('id', '=', row.id).execute();
		}
		await writeAudit(tx, actorOf(principal), {
			action: 'mail.smtp.updated',
			entityType: 'organisation',
			entityId: organisationId,
			organisationId,
			data: { host: s.host, port: s.port, security: s.security, user: s.user, from: s.from, password: clear ? 'removed' : s.password ? 'changed' : 'kept' }
		});
	});
}

export async function removeOrganisationSmtp(db: Executor, principal: Principal, organisationId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		await requireOrgPermission(tx, principal, organisationId, 'org.manage');
		await saveSmtpSettings(tx, organisationId, null, principal.user.id);
		await writeAudit(tx, actorOf(principal), {
			action: 'mail.smtp.removed',
			entityType: 'organisation',
			entityId: organisationId,
			organisationId
		});
	});
}

/**
 * "Kiểm tra kết nối": the form's values (an empty password uses the stored one), or the saved settings
 * when the form is empty.
 */
export async function testOrganisationSmtp(
	db: Executor,
	principal: Principal,
	organisationId: number,
	form: SmtpSettings | null
): Promise<{ ok: boolean; message: string }> {
	await requireOrgPermission(db, principal, organisationId, 'org.manage');
	const stored = await smtpSettingsFor(db, organisationId);
	const s = form ? { ...form, password: form.password === '' ? null : (form.password ?? stored?.password ?? null) } : stored;
	if (!s) return { ok: false, message: 'Chưa cấu hình máy chủ thư: thư được giữ trong hộp thư đi của ứng dụng.' };
	return verifySmtp(s);
}

/** Queues a test mail to an address (it goes through the outbox like any other). */
export async function sendTestMail(db: Executor, principal: Principal, organisationId: number, to: string): Promise<number> {
	return inTransaction(db, async (tx) => {
		await requireOrgPermission(tx, principal, organisationId, 'org.manage');
		const address = normalizeText(to).toLowerCase();
		if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) throw invalid({ to: 'Email không hợp lệ' });
		const org = await tx.selectFrom('organisation').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow();
		const id = await enqueueMessage(tx, {
			organisationId,
			eventId: null,
			kind: 'test',
			idempotencyKey: `smtp-test:${organisationId}:${crypto.randomUUID()}`,
			to: address,
			subject: `Thư thử từ Hội Nghị – ${org.name}`,
			text: `Đây là thư thử do ${principal.user.fullName} gửi từ trang cài đặt máy chủ thư của ${org.name}.\n\nNếu Quý vị nhận được thư này, máy chủ thư đã được cấu hình đúng: giấy mời sẽ được gửi qua máy chủ này.`,
			html: `<p>Đây là thư thử do <b>${escape(principal.user.fullName)}</b> gửi từ trang cài đặt máy chủ thư của <b>${escape(org.name)}</b>.</p><p>Nếu Quý vị nhận được thư này, máy chủ thư đã được cấu hình đúng: giấy mời sẽ được gửi qua máy chủ này.</p>`,
			createdBy: principal.user.id
		});
		await writeAudit(tx, actorOf(principal), {
			action: 'mail.test.queued',
			entityType: 'mail_message',
			entityId: id,
			organisationId,
			data: { to: address }
		});
		return id!;
	});
}

function escape(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The latest test mails of an organisation (status of the one just sent). */
export async function recentTestMails(db: Executor, organisationId: number) {
	return db
		.selectFrom('mail_message')
		.select(['id', 'to_address', 'status', 'last_error', 'transport', 'sent_at', 'created_at'])
		.where('organisation_id', '=', organisationId)
		.where('kind', '=', 'test')
		.orderBy('id', 'desc')
		.limit(5)
		.execute();
}

/** Organisations whose mail settings the principal may manage (administrators of the organisation). */
export async function manageableOrganisations(db: Executor, principal: Principal) {
	const orgs = await db
		.selectFrom('organisation')
		.innerJoin('membership', 'membership.organisation_id', 'organisation.id')
		.select(['organisation.id', 'organisation.name', 'membership.role'])
		.where('organisation.archived_at', 'is', null)
		.where('membership.user_id', '=', principal.user.id)
		.orderBy('organisation.name')
		.execute();
	const configured = new Set(
		(await db.selectFrom('setting').select('organisation_id').where('key', '=', SMTP_SETTING_KEY).execute()).map((r) => r.organisation_id)
	);
	return orgs.filter((o) => can(o.role, 'org.manage')).map((o) => ({ id: o.id, name: o.name, configured: configured.has(o.id) }));
}
