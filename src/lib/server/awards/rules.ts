/**
 * The prize rules tables (national: base salary periods, decrees with their rounding, coefficients) and the
 * award forms (national ones built in, others added by an organisation). Rules are edited by system
 * administrators only, because one edit applies to every organisation's future awards; each edit is audited.
 * Recorded awards keep their amount: see service.recomputePrizes for the explicit recompute.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, requireSystemAdmin, type Principal } from '$lib/server/auth/access';
import { DomainError, invalid, mapConstraintError, notFound } from '$lib/server/errors';
import { normalizeText } from '$lib/format';
import { coefficientMilli, ROUNDINGS, type PrizeRules } from './prize';
import type { AwardLevel, Fund, RecipientKind, Rounding } from './tables';

export const FUND_LABELS: Record<Fund, string> = {
	central: 'Trung ương chi trả (Huân chương, Bằng khen Thủ tướng)',
	province_fund: 'Quỹ thi đua, khen thưởng tỉnh',
	issuing_unit: 'Quỹ thi đua, khen thưởng của đơn vị ban hành (sở, xã)'
};

export const FUND_SHORT: Record<Fund, string> = {
	central: 'Trung ương',
	province_fund: 'Quỹ TĐKT tỉnh',
	issuing_unit: 'Quỹ TĐKT đơn vị ban hành'
};

export const LEVEL_LABELS: Record<AwardLevel, string> = {
	state: 'Nhà nước (Chủ tịch nước)',
	government: 'Thủ tướng Chính phủ',
	province: 'Tỉnh (bộ, ban, ngành)',
	unit: 'Sở, ban, ngành; cấp xã'
};

/** Loads every rule, for computePrize. */
export async function loadPrizeRules(db: Executor): Promise<PrizeRules> {
	const [bases, decrees, coefs] = await Promise.all([
		db.selectFrom('award_base_salary').selectAll().orderBy('effective_from').execute(),
		db.selectFrom('award_decree').selectAll().orderBy('effective_from').execute(),
		db
			.selectFrom('award_coefficient')
			.innerJoin('award_decree', 'award_decree.id', 'award_coefficient.decree_id')
			.select([
				'award_decree.code as decree_code',
				'award_coefficient.form_code',
				'award_coefficient.recipient_kind',
				'award_coefficient.coefficient',
				'award_coefficient.verified',
				'award_coefficient.source'
			])
			.execute()
	]);
	return {
		baseSalaries: bases.map((b) => ({
			effectiveFrom: b.effective_from,
			amount: Number(b.amount),
			legalBasis: b.legal_basis,
			verified: b.verified
		})),
		decrees: decrees.map((d) => ({
			code: d.code,
			name: d.name,
			effectiveFrom: d.effective_from,
			effectiveTo: d.effective_to,
			rounding: d.rounding,
			roundingVerified: d.rounding_verified
		})),
		coefficients: coefs.map((c) => ({
			decreeCode: c.decree_code,
			formCode: c.form_code,
			kind: c.recipient_kind,
			coefficient: String(c.coefficient),
			verified: c.verified,
			source: c.source
		}))
	};
}

export interface AwardFormRow {
	id: number;
	organisationId: number | null;
	code: string;
	name: string;
	certificateTitle: string;
	level: AwardLevel;
	precedence: number;
	fund: Fund;
	printsCertificate: boolean;
}

/** National forms and those the organisation added, highest first. */
export async function listAwardForms(db: Executor, organisationId: number | null): Promise<AwardFormRow[]> {
	const rows = await db
		.selectFrom('award_form')
		.selectAll()
		.where((eb) =>
			organisationId === null
				? eb('organisation_id', 'is', null)
				: eb.or([eb('organisation_id', 'is', null), eb('organisation_id', '=', organisationId)])
		)
		.orderBy('precedence')
		.orderBy('id')
		.execute();
	return rows.map(formRow);
}

export function formRow(r: {
	id: number;
	organisation_id: number | null;
	code: string;
	name: string;
	certificate_title: string;
	level: AwardLevel;
	precedence: number;
	fund: Fund;
	prints_certificate: boolean;
}): AwardFormRow {
	return {
		id: r.id,
		organisationId: r.organisation_id,
		code: r.code,
		name: r.name,
		certificateTitle: r.certificate_title,
		level: r.level,
		precedence: r.precedence,
		fund: r.fund,
		printsCertificate: r.prints_certificate
	};
}

/** A form usable in an organisation's event (national or its own); 404 otherwise. */
export async function getAwardForm(db: Executor, organisationId: number, formId: number): Promise<AwardFormRow> {
	const r = await db
		.selectFrom('award_form')
		.selectAll()
		.where('id', '=', formId)
		.where((eb) => eb.or([eb('organisation_id', 'is', null), eb('organisation_id', '=', organisationId)]))
		.executeTakeFirst();
	if (!r) throw new DomainError('award_form_not_found', 'Không tìm thấy hình thức khen thưởng', { status: 404, fields: { formId: 'Chọn hình thức khen thưởng' } });
	return formRow(r);
}

export interface AwardFormInput {
	name: string;
	certificateTitle: string;
	level: AwardLevel;
	precedence: number;
	fund: Fund;
	printsCertificate: boolean;
	/** Optional coefficients (individual, collective, household) applied under every decree. */
	coefficients?: Partial<Record<RecipientKind, number>>;
}

const LEVELS: AwardLevel[] = ['state', 'government', 'province', 'unit'];
const FUNDS: Fund[] = ['central', 'province_fund', 'issuing_unit'];

export function parseAwardFormInput(raw: Record<string, unknown>): AwardFormInput {
	const errors: Record<string, string> = {};
	const name = normalizeText(String(raw.name ?? ''));
	if (!name) errors.name = 'Nhập tên hình thức khen thưởng';
	else if (name.length > 200) errors.name = 'Tối đa 200 ký tự';
	const certificateTitle = normalizeText(String(raw.certificateTitle ?? '')) || 'GIẤY KHEN';
	const level = String(raw.level ?? 'unit') as AwardLevel;
	if (!LEVELS.includes(level)) errors.level = 'Cấp khen thưởng không hợp lệ';
	const fund = String(raw.fund ?? 'issuing_unit') as Fund;
	if (!FUNDS.includes(fund)) errors.fund = 'Nguồn chi không hợp lệ';
	const precedence = Number(raw.precedence ?? 70);
	if (!Number.isInteger(precedence) || precedence < 1 || precedence > 1000) errors.precedence = 'Thứ bậc từ 1 đến 1000';
	const coefficients: Partial<Record<RecipientKind, number>> = {};
	for (const k of ['individual', 'collective', 'household'] as RecipientKind[]) {
		const v = raw[`coef_${k}`] ?? (raw.coefficients as Record<string, unknown> | undefined)?.[k];
		if (v === undefined || v === null || v === '') continue;
		try {
			const milli = coefficientMilli(String(v));
			if (milli > 100_000) throw new RangeError();
			coefficients[k] = milli / 1000;
		} catch {
			errors[`coef_${k}`] = 'Hệ số không hợp lệ (ví dụ 0,3)';
		}
	}
	if (Object.keys(errors).length) throw invalid(errors);
	return {
		name,
		certificateTitle: certificateTitle.toLocaleUpperCase('vi'),
		level,
		precedence,
		fund,
		printsCertificate: raw.printsCertificate === undefined ? true : raw.printsCertificate === true || raw.printsCertificate === 'on' || raw.printsCertificate === '1',
		coefficients
	};
}

/** Adds an organisation's own award form ("and others the organiser adds"), with coefficients if given. */
export async function addAwardForm(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: AwardFormInput
): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
			const code = `org${event.organisation_id}_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
			const row = await tx
				.insertInto('award_form')
				.values({
					organisation_id: event.organisation_id,
					code,
					name: input.name,
					certificate_title: input.certificateTitle,
					level: input.level,
					precedence: input.precedence,
					fund: input.fund,
					prints_certificate: input.printsCertificate
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const decrees = await tx.selectFrom('award_decree').select('id').execute();
			for (const [kind, value] of Object.entries(input.coefficients ?? {})) {
				for (const d of decrees) {
					await tx
						.insertInto('award_coefficient')
						.values({ decree_id: d.id, form_code: code, recipient_kind: kind as RecipientKind, coefficient: value, verified: false, source: 'Do đơn vị tự khai báo' })
						.execute();
				}
			}
			await writeAudit(tx, actorOf(principal), {
				action: 'award.form.created',
				entityType: 'award_form',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: { ...input }
			});
			return row.id;
		});
	} catch (e) {
		throw mapConstraintError(e, {
			award_form_org_name_key: { code: 'award_form_name_taken', message: 'Đã có hình thức khen thưởng cùng tên', field: 'name' }
		});
	}
}

// ------------------------------------------------------------------------------------------------
// Rules for the settings page

export interface RulesView {
	baseSalaries: { id: number; effectiveFrom: string; amount: number; legalBasis: string; verified: boolean; source: string }[];
	decrees: {
		id: number;
		code: string;
		name: string;
		effectiveFrom: string;
		effectiveTo: string | null;
		rounding: Rounding;
		roundingVerified: boolean;
		roundingSource: string;
		notes: string;
		coefficients: { id: number; formCode: string; kind: RecipientKind; coefficient: string; verified: boolean; source: string }[];
	}[];
	history: { at: Date; actor: string; action: string; data: Record<string, unknown> }[];
}

export async function rulesView(db: Executor): Promise<RulesView> {
	const [bases, decrees, coefs, history] = await Promise.all([
		db.selectFrom('award_base_salary').selectAll().orderBy('effective_from').execute(),
		db.selectFrom('award_decree').selectAll().orderBy('effective_from').execute(),
		db.selectFrom('award_coefficient').selectAll().orderBy('id').execute(),
		db
			.selectFrom('audit_log')
			.select(['at', 'actor_label', 'action', 'data'])
			.where('action', 'like', 'award.rules.%')
			.orderBy('id', 'desc')
			.limit(30)
			.execute()
	]);
	return {
		baseSalaries: bases.map((b) => ({
			id: b.id,
			effectiveFrom: b.effective_from,
			amount: Number(b.amount),
			legalBasis: b.legal_basis,
			verified: b.verified,
			source: b.source
		})),
		decrees: decrees.map((d) => ({
			id: d.id,
			code: d.code,
			name: d.name,
			effectiveFrom: d.effective_from,
			effectiveTo: d.effective_to,
			rounding: d.rounding,
			roundingVerified: d.rounding_verified,
			roundingSource: d.rounding_source,
			notes: d.notes,
			coefficients: coefs
				.filter((c) => c.decree_id === d.id)
				.map((c) => ({
					id: c.id,
					formCode: c.form_code,
					kind: c.recipient_kind,
					coefficient: String(c.coefficient),
					verified: c.verified,
					source: c.source
				}))
		})),
		history: history.map((h) => ({ at: h.at, actor: h.actor_label, action: h.action, data: h.data }))
	};
}

function isoDate(v: unknown, field: string, errors: Record<string, string>, optional = false): string | null {
	const s = String(v ?? '').trim();
	if (!s && optional) return null;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s + 'T00:00:00Z'))) {
		errors[field] = 'Ngày không hợp lệ (YYYY-MM-DD)';
		return null;
	}
	return s;
}

const bool = (v: unknown) => v === true || v === 'on' || v === '1' || v === 'true';

/** Sets (adds or changes) the base salary from a date. System administrators only; audited. */
export async function saveBaseSalary(
	db: Executor,
	principal: Principal,
	raw: { id?: unknown; effectiveFrom: unknown; amount: unknown; legalBasis?: unknown; verified?: unknown; source?: unknown }
): Promise<void> {
	requireSystemAdmin(principal);
	const errors: Record<string, string> = {};
	const from = isoDate(raw.effectiveFrom, 'effectiveFrom', errors);
	const amount = Number(String(raw.amount ?? '').replace(/[.\s]/g, ''));
	if (!Number.isSafeInteger(amount) || amount <= 0 || amount >= 1e9) errors.amount = 'Mức lương cơ sở không hợp lệ';
	if (Object.keys(errors).length) throw invalid(errors);
	const values = {
		effective_from: from!,
		amount,
		legal_basis: normalizeText(String(raw.legalBasis ?? '')),
		verified: bool(raw.verified),
		source: normalizeText(String(raw.source ?? '')),
		updated_by: principal.user.id,
		updated_at: sql<Date>`now()`
	};
	try {
		await inTransaction(db, async (tx) => {
			const id = raw.id ? Number(raw.id) : null;
			let before: unknown = null;
			if (id) {
				const old = await tx.selectFrom('award_base_salary').selectAll().where('id', '=', id).executeTakeFirst();
				if (!old) throw notFound('Không tìm thấy mức lương cơ sở');
				before = { effectiveFrom: old.effective_from, amount: Number(old.amount), verified: old.verified };
				await tx.updateTable('award_base_salary').set(values).where('id', '=', id).execute();
			} else {
				await tx.insertInto('award_base_salary').values(values).execute();
			}
			await writeAudit(tx, actorOf(principal), {
				action: id ? 'award.rules.base_salary.updated' : 'award.rules.base_salary.created',
				entityType: 'award_base_salary',
				entityId: id,
				data: { before, after: { effectiveFrom: from, amount, legalBasis: values.legal_basis, verified: values.verified } }
			});
		});
	} catch (e) {
		throw mapConstraintError(e, {
			award_base_salary_from_key: { code: 'base_salary_date_taken', message: 'Đã có mức lương cơ sở từ ngày này', field: 'effectiveFrom' }
		});
	}
}

/** Changes a decree's period and rounding rule. System administrators only; audited. */
export async function saveDecree(
	db: Executor,
	principal: Principal,
	id: number,
	raw: { effectiveFrom: unknown; effectiveTo?: unknown; rounding: unknown; roundingVerified?: unknown; roundingSource?: unknown; notes?: unknown }
): Promise<void> {
	requireSystemAdmin(principal);
	const errors: Record<string, string> = {};
	const from = isoDate(raw.effectiveFrom, 'effectiveFrom', errors);
	const to = isoDate(raw.effectiveTo, 'effectiveTo', errors, true);
	const rounding = String(raw.rounding ?? '') as Rounding;
	if (!ROUNDINGS.includes(rounding)) errors.rounding = 'Chọn quy tắc làm tròn';
	if (from && to && to < from) errors.effectiveTo = 'Ngày hết hiệu lực phải sau ngày có hiệu lực';
	if (Object.keys(errors).length) throw invalid(errors);
	await inTransaction(db, async (tx) => {
		const old = await tx.selectFrom('award_decree').selectAll().where('id', '=', id).executeTakeFirst();
		if (!old) throw notFound('Không tìm thấy nghị định');
		const after = {
			effective_from: from!,
			effective_to: to,
			rounding,
			rounding_verified: bool(raw.roundingVerified),
			rounding_source: raw.roundingSource === undefined ? old.rounding_source : normalizeText(String(raw.roundingSource)),
			notes: raw.notes === undefined ? old.notes : String(raw.notes).normalize('NFC').trim()
		};
		await tx.updateTable('award_decree').set({ ...after, updated_by: principal.user.id, updated_at: sql`now()` }).where('id', '=', id).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'award.rules.decree.updated',
			entityType: 'award_decree',
			entityId: id,
			data: {
				decree: old.name,
				before: { effectiveFrom: old.effective_from, effectiveTo: old.effective_to, rounding: old.rounding, roundingVerified: old.rounding_verified },
				after: { effectiveFrom: after.effective_from, effectiveTo: after.effective_to, rounding: after.rounding, roundingVerified: after.rounding_verified }
			}
		});
	});
}

/** Sets one coefficient (decree × form × kind); an empty value removes it. System administrators; audited. */
export async function saveCoefficient(
	db: Executor,
	principal: Principal,
	raw: { decreeId: unknown; formCode: unknown; kind: unknown; coefficient: unknown; verified?: unknown; source?: unknown }
): Promise<void> {
	requireSystemAdmin(principal);
	const decreeId = Number(raw.decreeId);
	const formCode = String(raw.formCode ?? '');
	const kind = String(raw.kind ?? '') as RecipientKind;
	if (!['individual', 'collective', 'household'].includes(kind)) throw invalid({ kind: 'Đối tượng không hợp lệ' });
	const text = String(raw.coefficient ?? '').trim();
	let value: number | null = null;
	if (text !== '') {
		try {
			value = coefficientMilli(text) / 1000;
		} catch {
			throw invalid({ coefficient: 'Hệ số không hợp lệ (ví dụ 1,5)' });
		}
		if (value > 100) throw invalid({ coefficient: 'Hệ số quá lớn' });
	}
	await inTransaction(db, async (tx) => {
		const decree = await tx.selectFrom('award_decree').select(['id', 'name']).where('id', '=', decreeId).executeTakeFirst();
		if (!decree) throw notFound('Không tìm thấy nghị định');
		const form = await tx.selectFrom('award_form').select('code').where('code', '=', formCode).executeTakeFirst();
		if (!form) throw notFound('Không tìm thấy hình thức khen thưởng');
		const old = await tx
			.selectFrom('award_coefficient')
			.selectAll()
			.where('decree_id', '=', decreeId)
			.where('form_code', '=', formCode)
			.where('recipient_kind', '=', kind)
			.executeTakeFirst();
		const source = raw.source === undefined ? (old?.source ?? '') : normalizeText(String(raw.source));
		const verified = bool(raw.verified);
		if (value === null) {
			if (old) await tx.deleteFrom('award_coefficient').where('id', '=', old.id).execute();
		} else if (old) {
			await tx
				.updateTable('award_coefficient')
				.set({ coefficient: value, verified, source, updated_by: principal.user.id, updated_at: sql`now()` })
				.where('id', '=', old.id)
				.execute();
		} else {
			await tx
				.insertInto('award_coefficient')
				.values({ decree_id: decreeId, form_code: formCode, recipient_kind: kind, coefficient: value, verified, source, updated_by: principal.user.id })
				.execute();
		}
		await writeAudit(tx, actorOf(principal), {
			action: 'award.rules.coefficient.updated',
			entityType: 'award_coefficient',
			entityId: old?.id ?? null,
			data: {
				decree: decree.name,
				formCode,
				kind,
				before: old ? { coefficient: String(old.coefficient), verified: old.verified } : null,
				after: value === null ? null : { coefficient: String(value), verified }
			}
		});
	});
}
