/**
 * Importing a delegate list (.xlsx / .csv) into an event: upload → preview → commit.
 *
 * Design: the uploaded file is stored (delegate_import.bytes, keyed by a random id, expiring after a
 * day) and parsed again whenever a preview is shown and at commit. The alternative, storing the
 * computed preview, would commit decisions made against the list as it was at upload time: if a
 * colleague adds or edits delegates in between, a "new" row may have become a duplicate. Re-parsing
 * the same bytes and re-matching inside the commit transaction means what is written is computed
 * from the list as it is then; the digest of the plan the user confirmed is compared with the
 * recomputed one and the commit is refused (import_stale) when they differ. Keeping the bytes also
 * means the confirm button sends only the id (no second upload, works without JavaScript), and the
 * SHA-256 of the bytes is returned so API clients can check they commit the file they sent.
 *
 * All or nothing: the commit is one transaction (inserts, updates, the import's status and the
 * audit row). Rows with errors block the commit unless the user explicitly chooses to skip them.
 */
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { inTransaction, type Executor } from '$lib/server/db';
import { analyzeTables } from '$lib/server/db/statistics';
import { DomainError, conflict, notFound } from '$lib/server/errors';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type Principal } from '$lib/server/auth/access';
import { generateToken } from '$lib/server/auth/tokens';
import { formatDateTime, formatPhone, normalizeText, searchKey } from '$lib/format';
import {
	MAX_FILE_BYTES,
	SheetError,
	delegateIdentityKey,
	parseDelegateSheet,
	readTable,
	sheetRowLabel,
	tierAliasKey,
	type DelegateDraft,
	type DelegateImportPreview,
	type DuplicateGroup,
	type ImportProblem,
	type SkippedRow,
	type UnmatchedTier
} from '$lib/server/sheets';
import { unitKey } from '$lib/server/sheets/rows';
import { defaultProtocolRank, unitLetterRank } from './rank';
import { delegateSearchText, insertDelegates, type NewDelegate } from './repository';
import { lockEventDelegates, mapDelegateConstraint } from './service';
import type { DelegateKind } from './tables';

/** How long an uploaded list waits for its commit. */
export const IMPORT_TTL_HOURS = 24;

export interface ImportOptions {
	/** tierAliasKey(wording) → tier name, for section headings or "Cấp" cells that match no tier. */
	tierAliases: Record<string, string>;
	/** Rows matching a delegate already on the list: 'update' fills in what changed, 'skip' leaves them. */
	matched: 'update' | 'skip';
	/** 'rank': default rank from the position (rank.ts), file order among equals; 'file': ranks follow the file's order. */
	order: 'rank' | 'file';
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = { tierAliases: {}, matched: 'update', order: 'rank' };

export type RowAction = 'create' | 'update' | 'unchanged' | 'error';

export interface FieldChange {
	field: 'salutation' | 'position' | 'phone' | 'email' | 'tier' | 'notes' | 'seat' | 'places';
	label: string;
	from: string;
	to: string;
}

/** One row of the file and what the commit will do with it. */
export interface ImportRowPlan {
	rowNumber: number;
	sourceRowNumbers: number[];
	action: RowAction;
	kind: DelegateKind;
	fullName: string;
	addressedTo: string;
	salutation: 'Ông' | 'Bà' | null;
	position: string;
	unit: string;
	phone: string | null;
	email: string | null;
	tierName: string | null;
	tierId: number | null;
	notes: string;
	seat: string;
	places: number;
	protocolRank: number;
	section: string | null;
	/** The delegate already on the list this row is (same person, or the same unit letter). */
	match: { id: number; label: string; code: string } | null;
	changes: FieldChange[];
	problems: ImportProblem[];
}

export interface ImportCounts {
	rows: number;
	create: number;
	update: number;
	unchanged: number;
	errorRows: number;
	warningRows: number;
	units: number;
	/** Tier name → rows that will be on the list after the commit (created, updated or unchanged). */
	byTier: Record<string, number>;
	withoutEmail: number;
}

export interface ImportPreview {
	importId: string;
	filename: string;
	sha256: string;
	size: number;
	createdAt: string;
	expiresAt: string;
	committedAt: string | null;
	/**
	 * 'interrupted': a commit of this file began (at commitStartedAt) and did not finish — the server stopped
	 * during it, or it is still writing. Nothing of the file is on the list (the commit is one transaction);
	 * confirming again imports it. 'pending': no commit was tried.
	 */
	status: 'pending' | 'interrupted';
	commitStartedAt: string | null;
	sheetName: string;
	headerRowNumbers: number[];
	/** Every sheet read; with several, a row number is its sheet's `rowOffset` plus its Excel row. */
	sheets: DelegateImportPreview['sheets'];
	columns: DelegateImportPreview['columns'];
	options: ImportOptions;
	rows: ImportRowPlan[];
	/** Problems not tied to one delegate row (a section heading that matches no tier…). */
	fileProblems: ImportProblem[];
	skipped: SkippedRow[];
	duplicates: DuplicateGroup[];
	unmatchedTiers: UnmatchedTier[];
	warnings: string[];
	counts: ImportCounts;
	/** Digest of what the commit will do; sent back with the commit to detect a changed list. */
	planDigest: string;
	tiers: { id: number; name: string }[];
}

/** A delegate already on the event's list, as the matcher needs it. */
export interface ExistingDelegate {
	id: number;
	code: string;
	kind: DelegateKind;
	tier_id: number;
	status: string;
	salutation: 'Ông' | 'Bà' | null;
	full_name: string;
	addressed_to: string;
	position: string;
	unit: string;
	email: string | null;
	phone: string | null;
	notes: string;
	seat: string;
	places: number;
	protocol_rank: number;
	identity_key: string;
}

// Rows whose "name" is an office or a role, not a person: a letter to the unit.
const UNIT_PREFIXES = [
	'lanh dao',
	'dai dien',
	'thu truong',
	'thuong truc',
	'ban giam doc',
	'ban lanh dao',
	'ban thuong vu',
	'ban chap hanh',
	'uy ban nhan dan',
	'ubnd',
	'hdnd',
	'hoi dong nhan dan',
	'uy ban mat tran',
	'ubmttq',
	'mat tran to quoc',
	'trung tam',
	'cong ty',
	'ngan hang',
	'dang uy',
	'van phong',
	'benh vien',
	'chi cuc',
	'bo chi huy',
	'lien doan',
	'tinh doan',
	'huyen uy',
	'thanh uy',
	'tinh uy',
	'cong an',
	'hop tac xa',
	'doan dai bieu',
	'dai phat thanh',
	'ban quan ly',
	'ban dan toc',
	'ban to chuc',
	'ban tuyen giao',
	'ban dan van',
	'ban noi chinh',
	'ban thi dua',
	'ban chi huy',
	'kho bac',
	'chi nhanh',
	'truong dai hoc',
	'truong cao dang',
	'bo dai bien phong'
];
// Short words that are offices only when more words follow ("Sở Y tế", "Hội Nông dân tỉnh").
const SHORT_UNIT_PREFIXES = ['so', 'phong', 'hoi', 'cuc', 'bao', 'quy'];

/**
 * True when a "name" cell holds an office or a role ("Lãnh đạo Sở Tài chính", "UBND xã Phước Bình").
 * The short words ("Sở", "Hội", "Báo"…) can also start a person's name ("Báo Quốc Tuấn"), so they count
 * only when the row's unit column is empty or names the same office.
 */
export function looksLikeUnitInvitation(name: string, unit: string | null = null): boolean {
	const key = searchKey(name);
	if (key === '') return false;
	const words = key.split(' ');
	if (UNIT_PREFIXES.some((p) => key === p || key.startsWith(p + ' '))) return true;
	if (words.length < 3 || !SHORT_UNIT_PREFIXES.includes(words[0])) return false;
	const u = searchKey(unit ?? '');
	return u === '' || key.includes(u) || u.includes(key);
}

/** "Lãnh đạo Sở Tài chính" → "Sở Tài chính"; other wordings stay as they are. */
export function unitOfAddressee(addressedTo: string): string {
	return normalizeText(addressedTo.replace(/^(?:đại diện\s+)?(?:lãnh đạo|đại diện|thủ trưởng|thường trực|ban giám đốc|ban lãnh đạo)\s+/iu, ''));
}

function unitMatchKey(addressedTo: string, unit: string): string {
	return `${unitKey(addressedTo)}|${unitKey(unit)}`;
}

const FIELD_LABELS: Record<FieldChange['field'], string> = {
	salutation: 'Danh xưng',
	position: 'Chức vụ',
	phone: 'Điện thoại',
	email: 'Email',
	tier: 'Cấp',
	notes: 'Ghi chú',
	seat: 'Ghế',
	places: 'Số lượng'
};

/**
 * What the commit will do with each row of a parsed list, given the delegates already on the list.
 * Pure (no database): the preview, the commit and the benchmark share it.
 */
export function planImport(
	parsed: DelegateImportPreview,
	existing: ExistingDelegate[],
	tiers: { id: number; name: string }[],
	options: ImportOptions
): { rows: ImportRowPlan[]; fileProblems: ImportProblem[]; counts: ImportCounts } {
	const tierByName = new Map(tiers.map((t) => [t.name, t.id]));
	const tierName = new Map(tiers.map((t) => [t.id, t.name]));
	// Problems reach a row through any of its source rows (folded duplicates report on theirs).
	const ownerOf = new Map<number, DelegateDraft>();
	for (const d of parsed.rows) for (const n of d.sourceRowNumbers) ownerOf.set(n, d);
	const problemsOf = new Map<DelegateDraft, ImportProblem[]>();
	const fileProblems: ImportProblem[] = [];
	for (const p of parsed.problems) {
		const d = ownerOf.get(p.rowNumber);
		if (!d) fileProblems.push(p);
		else {
			const list = problemsOf.get(d);
			if (list) list.push(p);
			else problemsOf.set(d, [p]);
		}
	}

	const active = existing.filter((e) => e.status === 'active');
	const byIdentity = new Map<string, ExistingDelegate>();
	const byNameEmail = new Map<string, ExistingDelegate>();
	const byNamePhone = new Map<string, ExistingDelegate>();
	const byEmail = new Map<string, ExistingDelegate>();
	const byPhone = new Map<string, ExistingDelegate>();
	const byUnit = new Map<string, ExistingDelegate>();
	const cancelledIdentity = new Set<string>();
	for (const e of existing) {
		if (e.status !== 'active') {
			if (e.identity_key) cancelledIdentity.add(e.identity_key);
			continue;
		}
		if (e.kind === 'unit') {
			byUnit.set(unitMatchKey(e.addressed_to, e.unit), e);
			continue;
		}
		if (e.identity_key) byIdentity.set(e.identity_key, e);
		const nk = searchKey(e.full_name);
		if (e.email) {
			byNameEmail.set(`${nk}|${e.email}`, e);
			if (!byEmail.has(e.email)) byEmail.set(e.email, e);
		}
		if (e.phone) {
			byNamePhone.set(`${nk}|${e.phone}`, e);
			if (!byPhone.has(e.phone)) byPhone.set(e.phone, e);
		}
	}
	const claimed = new Map<number, number>();
	// Lists repeat the same positions and units: rank each wording once per plan.
	const ranks = new Map<string, number>();
	const rankOf = (position: string, unit: string) => {
		const k = `${position}\u0000${unit}`;
		let r = ranks.get(k);
		if (r === undefined) ranks.set(k, (r = defaultProtocolRank(position, unit)));
		return r;
	};
	const label = (e: ExistingDelegate) =>
		`${e.kind === 'unit' ? e.addressed_to : e.full_name}${e.unit && e.kind !== 'unit' ? ` (${e.unit})` : ''}`;

	const rows: ImportRowPlan[] = parsed.rows.map((d) => {
		const problems = [...(problemsOf.get(d) ?? [])];
		const warn = (message: string, field?: string) =>
			problems.push(field ? { rowNumber: d.rowNumber, field, severity: 'warning', message } : { rowNumber: d.rowNumber, severity: 'warning', message });
		const error = (message: string, field?: string) =>
			problems.push(field ? { rowNumber: d.rowNumber, field, severity: 'error', message } : { rowNumber: d.rowNumber, severity: 'error', message });

		let kind: DelegateKind = 'person';
		let addressedTo = '';
		let unit = d.unit ?? '';
		let fullName = d.fullName;
		const position = d.position ?? '';
		if (fullName !== '' && !d.salutation && looksLikeUnitInvitation(fullName, unit)) {
			kind = 'unit';
			addressedTo = fullName;
			fullName = '';
			if (!unit) unit = unitOfAddressee(addressedTo);
			warn(`Đọc là thư mời gửi đơn vị "${addressedTo}" (không có tên người): đơn vị sẽ tự cử người dự`);
		} else if (fullName === '' && unit !== '') {
			// No name but an office (and perhaps a role): invite the office to send someone.
			const i = problems.findIndex((p) => p.severity === 'error' && p.field === 'fullName');
			if (i >= 0) problems.splice(i, 1);
			kind = 'unit';
			addressedTo = position ? `${position} ${unit}` : `Lãnh đạo ${unit}`;
			warn(`Không có họ tên: đọc là thư mời gửi "${addressedTo}", đơn vị sẽ tự cử người dự`);
		}
		if (kind === 'person' && d.places !== null && d.places !== 1)
			warn('Cột số lượng chỉ dùng cho thư mời gửi đơn vị: đã bỏ qua', 'places');
		const places = kind === 'unit' ? (d.places ?? 1) : 1;
		const tierId = d.tierName ? (tierByName.get(d.tierName) ?? null) : null;

		let match: ExistingDelegate | undefined;
		if (kind === 'person' && fullName) {
			const nk = searchKey(fullName);
			match =
				byIdentity.get(delegateIdentityKey(fullName, unit)) ??
				(d.email ? byNameEmail.get(`${nk}|${d.email}`) : undefined) ??
				(d.phone ? byNamePhone.get(`${nk}|${d.phone}`) : undefined);
			if (!match) {
				const e = d.email ? byEmail.get(d.email) : undefined;
				if (e) warn(`Dùng chung email với đại biểu đã có: ${label(e)} (người khác: hãy kiểm tra)`, 'email');
				const p = d.phone ? byPhone.get(d.phone) : undefined;
				if (p) warn(`Dùng chung số điện thoại với đại biểu đã có: ${label(p)} (người khác: hãy kiểm tra)`, 'phone');
				if (cancelledIdentity.has(delegateIdentityKey(fullName, unit)))
					warn('Đã có người cùng họ tên và đơn vị nhưng đã bị hủy mời: sẽ thêm mới');
			}
		} else if (kind === 'unit') {
			match = byUnit.get(unitMatchKey(addressedTo, unit));
		}
		if (match) {
			const other = claimed.get(match.id);
			if (other !== undefined) error(`Trùng với đại biểu đã có ${label(match)}, đã khớp với dòng ${sheetRowLabel(parsed.sheets ?? [], other)}`, 'fullName');
			else claimed.set(match.id, d.rowNumber);
		}

		const changes: FieldChange[] = [];
		if (match) {
			const change = (field: FieldChange['field'], from: string, to: string) =>
				changes.push({ field, label: FIELD_LABELS[field], from, to });
			if (kind === 'person' && d.salutation && d.salutation !== match.salutation) change('salutation', match.salutation ?? '', d.salutation);
			if (position && searchKey(position) !== searchKey(match.position)) change('position', match.position, position);
			if (d.phone && d.phone !== match.phone) change('phone', match.phone ? formatPhone(match.phone) : '', formatPhone(d.phone));
			if (d.email && d.email !== match.email) change('email', match.email ?? '', d.email);
			if (tierId && tierId !== match.tier_id) change('tier', tierName.get(match.tier_id) ?? '', d.tierName ?? '');
			if (d.notes && !match.notes) change('notes', '', d.notes);
			if (d.seat && !match.seat) change('seat', '', d.seat);
			if (kind === 'unit' && places !== match.places) change('places', String(match.places), String(places));
		}
		const hasError = problems.some((p) => p.severity === 'error');
		const action: RowAction = hasError
			? 'error'
			: match
				? changes.length && options.matched === 'update'
					? 'update'
					: 'unchanged'
				: 'create';
		return {
			rowNumber: d.rowNumber,
			sourceRowNumbers: d.sourceRowNumbers,
			action,
			kind,
			fullName,
			addressedTo,
			salutation: kind === 'unit' ? null : d.salutation,
			position,
			unit,
			phone: d.phone,
			email: d.email,
			tierName: d.tierName,
			tierId,
			notes: d.notes ?? '',
			seat: d.seat ?? '',
			places,
			protocolRank: match ? match.protocol_rank : kind === 'unit' ? unitLetterRank(position, unit, addressedTo) : rankOf(position, unit),
			section: d.section,
			match: match ? { id: match.id, label: label(match), code: match.code } : null,
			changes,
			problems: problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
		};
	});

	if (options.order === 'file') {
		// Ranks follow the file: 10, 20, 30… per tier, after the ranks already used in that tier.
		const maxRank = new Map<number, number>();
		for (const e of active) maxRank.set(e.tier_id, Math.max(maxRank.get(e.tier_id) ?? 0, e.protocol_rank));
		const next = new Map<number, number>();
		for (const r of rows) {
			if (r.action !== 'create' || r.tierId === null) continue;
			const base = next.get(r.tierId) ?? Math.ceil((maxRank.get(r.tierId) ?? 0) / 10) * 10;
			r.protocolRank = Math.min(99_999, base + 10);
			next.set(r.tierId, r.protocolRank);
		}
	}

	const byTier: Record<string, number> = {};
	for (const t of tiers) byTier[t.name] = 0;
	const counts: ImportCounts = {
		rows: rows.length,
		create: 0,
		update: 0,
		unchanged: 0,
		errorRows: 0,
		warningRows: 0,
		units: 0,
		byTier,
		withoutEmail: 0
	};
	for (const r of rows) {
		if (r.action === 'error') counts.errorRows++;
		else {
			counts[r.action]++;
			if (r.tierName) byTier[r.tierName] = (byTier[r.tierName] ?? 0) + 1;
			if (r.kind === 'unit') counts.units++;
			if (!r.email) counts.withoutEmail++;
		}
		if (r.problems.some((p) => p.severity === 'warning')) counts.warningRows++;
	}
	return { rows, fileProblems, counts };
}

/** Digest of the decisions of a plan (what would be written), for the stale-preview check. */
export function planDigestOf(rows: ImportRowPlan[], options: ImportOptions): string {
	const h = createHash('sha256');
	h.update(JSON.stringify(options));
	for (const r of rows) {
		h.update(
			JSON.stringify([
				r.rowNumber,
				r.action,
				r.kind,
				r.tierId,
				r.fullName,
				r.addressedTo,
				r.salutation,
				r.position,
				r.unit,
				r.phone,
				r.email,
				r.notes,
				r.seat,
				r.places,
				r.protocolRank,
				r.match?.id ?? null,
				r.changes.map((c) => [c.field, c.to])
			])
		);
	}
	return h.digest('hex');
}

/** Filename as shown back (never used as a path): no directories, control characters, at most 200. */
export function cleanFilename(name: string): string {
	const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = normalizeText(base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, ''));
	return (clean || 'danh-sach').slice(0, 200);
}

function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

function parseOptions(raw: unknown): ImportOptions {
	const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const aliases: Record<string, string> = {};
	if (o.tierAliases && typeof o.tierAliases === 'object') {
		for (const [k, v] of Object.entries(o.tierAliases as Record<string, unknown>)) {
			if (typeof v === 'string' && v && Object.keys(aliases).length < 100) aliases[tierAliasKey(k)] = v;
		}
	}
	return {
		tierAliases: aliases,
		matched: o.matched === 'skip' ? 'skip' : 'update',
		order: o.order === 'file' ? 'file' : 'rank'
	};
}

/** Reads and parses stored bytes (throws SheetError with a stable code when the file is not a list). */
export async function parseImportBytes(
	bytes: Uint8Array,
	filename: string,
	tiers: string[],
	tierAliases: Record<string, string>
): Promise<DelegateImportPreview> {
	const table = await readTable(bytes, filename);
	return parseDelegateSheet(table, { tiers, tierAliases });
}

async function existingOf(db: Executor, eventId: number): Promise<ExistingDelegate[]> {
	return db
		.selectFrom('delegate')
		.select([
			'id',
			'code',
			'kind',
			'tier_id',
			'status',
			'salutation',
			'full_name',
			'addressed_to',
			'position',
			'unit',
			'email',
			'phone',
			'notes',
			'seat',
			'places',
			'protocol_rank',
			'identity_key'
		])
		.where('event_id', '=', eventId)
		.execute() as Promise<ExistingDelegate[]>;
}

async function tiersOf(db: Executor, eventId: number) {
	return db.selectFrom('tier').select(['id', 'name']).where('event_id', '=', eventId).orderBy('position').execute();
}

type ImportRow = {
	id: string;
	event_id: number;
	filename: string;
	sha256: string;
	size: number;
	bytes: Uint8Array | null;
	options: Record<string, unknown>;
	created_at: Date;
	expires_at: Date;
	committed_at: Date | null;
	commit_started_at: Date | null;
	result: Record<string, unknown> | null;
};

async function loadImport(db: Executor, eventId: number, importId: string, lock = false): Promise<ImportRow> {
	if (!/^[a-z2-7]{32}$/.test(importId)) throw notFound('Không tìm thấy tệp nhập (liên kết sai hoặc đã hết hạn)');
	let q = db
		.selectFrom('delegate_import')
		.select(['id', 'event_id', 'filename', 'sha256', 'size', 'bytes', 'options', 'created_at', 'expires_at', 'committed_at', 'commit_started_at', 'result'])
		.where('id', '=', importId)
		.where('event_id', '=', eventId);
	if (lock) q = q.forUpdate();
	const row = (await q.executeTakeFirst()) as ImportRow | undefined;
	if (!row) throw notFound('Không tìm thấy tệp nhập (liên kết sai hoặc đã hết hạn)');
	return row;
}

/** The answer for a file already imported: when, and what it wrote (also after a restart, when the page is reopened). */
function alreadyCommitted(row: Pick<ImportRow, 'committed_at' | 'result'>): DomainError {
	const r = (row.result ?? {}) as { created?: number; updated?: number };
	const when = row.committed_at ? ` lúc ${formatDateTime(row.committed_at)}` : '';
	const what = typeof r.created === 'number' ? ` (${r.created} đại biểu mới, ${r.updated ?? 0} cập nhật)` : '';
	return conflict('import_already_committed', `Danh sách này đã được nhập${when}${what}`, {
		result: row.result ?? {},
		committedAt: row.committed_at?.toISOString() ?? null
	});
}

function toBytes(v: Uint8Array | null): Uint8Array {
	if (!v) return new Uint8Array();
	return v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBufferLike);
}

async function buildPreview(db: Executor, eventId: number, row: ImportRow, options: ImportOptions): Promise<ImportPreview> {
	const tiers = await tiersOf(db, eventId);
	const parsed = await parseImportBytes(toBytes(row.bytes), row.filename, tiers.map((t) => t.name), options.tierAliases);
	const existing = await existingOf(db, eventId);
	const plan = planImport(parsed, existing, tiers, options);
	return {
		importId: row.id,
		filename: row.filename,
		sha256: row.sha256,
		size: row.size,
		createdAt: row.created_at.toISOString(),
		expiresAt: row.expires_at.toISOString(),
		committedAt: row.committed_at ? row.committed_at.toISOString() : null,
		status: row.commit_started_at && !row.committed_at ? 'interrupted' : 'pending',
		commitStartedAt: row.commit_started_at ? row.commit_started_at.toISOString() : null,
		sheetName: parsed.sheetName,
		headerRowNumbers: parsed.headerRowNumbers,
		sheets: parsed.sheets,
		columns: parsed.columns,
		options,
		rows: plan.rows,
		fileProblems: plan.fileProblems,
		skipped: parsed.skipped,
		duplicates: parsed.duplicates,
		unmatchedTiers: parsed.unmatchedTiers,
		warnings: parsed.warnings,
		counts: plan.counts,
		planDigest: planDigestOf(plan.rows, options),
		tiers
	};
}

/**
 * Stores an uploaded list and returns its first preview. The file is checked by content (readTable:
 * .xlsx structure and zip limits, or text CSV), never by its name; 10 MB at most.
 */
export async function createImport(
	db: Executor,
	principal: Principal,
	eventId: number,
	file: { bytes: Uint8Array; filename: string },
	options: Partial<ImportOptions> = {}
): Promise<ImportPreview> {
	await requireEventAccess(db, principal, eventId, 'delegate.edit');
	const filename = cleanFilename(file.filename);
	if (file.bytes.length > MAX_FILE_BYTES)
		throw new SheetError('too_large', `Tệp "${filename}" quá lớn (${(file.bytes.length / 1024 / 1024).toFixed(1)} MB): giới hạn là 10 MB`);
	if (file.bytes.length === 0) throw new SheetError('empty', 'Chưa chọn tệp hoặc tệp rỗng');
	const opts = parseOptions({ ...DEFAULT_IMPORT_OPTIONS, ...options });
	const id = generateToken();
	await db.deleteFrom('delegate_import').where('expires_at', '<', new Date()).execute();
	await db
		.insertInto('delegate_import')
		.values({
			id,
			event_id: eventId,
			created_by: principal.user.id,
			filename,
			sha256: sha256Hex(file.bytes),
			size: file.bytes.length,
			bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
			options: JSON.stringify(opts),
			expires_at: new Date(Date.now() + IMPORT_TTL_HOURS * 3600_000)
		})
		.execute();
	try {
		return await previewImport(db, principal, eventId, id);
	} catch (e) {
		// Not a list (wrong format, no header…): nothing is kept.
		await db.deleteFrom('delegate_import').where('id', '=', id).execute();
		throw e;
	}
}

/** Saves new options of a stored import without computing its preview (the page recomputes it). */
export async function setImportOptions(
	db: Executor,
	principal: Principal,
	eventId: number,
	importId: string,
	options: Partial<ImportOptions>
): Promise<void> {
	await requireEventAccess(db, principal, eventId, 'delegate.edit');
	const row = await loadImport(db, eventId, importId);
	if (row.committed_at) throw alreadyCommitted(row);
	const opts = parseOptions({ ...row.options, ...options });
	await db.updateTable('delegate_import').set({ options: JSON.stringify(opts) }).where('id', '=', importId).execute();
}

/** The preview of a stored import (recomputed against the list as it is now); new options are saved. */
export async function previewImport(
	db: Executor,
	principal: Principal,
	eventId: number,
	importId: string,
	options?: Partial<ImportOptions>
): Promise<ImportPreview> {
	await requireEventAccess(db, principal, eventId, 'delegate.edit');
	const row = await loadImport(db, eventId, importId);
	if (row.committed_at) throw alreadyCommitted(row);
	if (row.expires_at < new Date()) throw new DomainError('import_expired', 'Tệp nhập đã hết hạn: hãy tải lên lại', { status: 410 });
	const opts = parseOptions(options ? { ...row.options, ...options } : row.options);
	const preview = await buildPreview(db, eventId, row, opts);
	await db
		.updateTable('delegate_import')
		.set({ options: JSON.stringify(opts), plan_digest: preview.planDigest })
		.where('id', '=', importId)
		.execute();
	return preview;
}

export interface ImportResult {
	importId: string;
	created: number;
	updated: number;
	unchanged: number;
	skippedErrorRows: number;
	createdIds: number[];
}

/**
 * Writes the list: one transaction, all or nothing. Refused when
 * - the import was committed already (import_already_committed) or expired (import_expired);
 * - `sha256` is given and is not the stored file's (import_file_changed);
 * - `planDigest` is given and the plan recomputed now differs (import_stale: the list changed since
 *   the preview; the error carries the new digest);
 * - any row has an error, unless `skipErrorRows` is true (import_has_errors).
 */
export async function commitImport(
	db: Executor,
	principal: Principal,
	eventId: number,
	importId: string,
	opts: { planDigest?: string; sha256?: string; skipErrorRows?: boolean } = {}
): Promise<ImportResult> {
	await requireEventAccess(db, principal, eventId, 'delegate.edit');
	const stored = await loadImport(db, eventId, importId);
	if (stored.committed_at) throw alreadyCommitted(stored);
	if (stored.expires_at < new Date()) throw new DomainError('import_expired', 'Tệp nhập đã hết hạn: hãy tải lên lại', { status: 410 });
	if (opts.sha256 !== undefined && opts.sha256.toLowerCase() !== stored.sha256)
		throw conflict('import_file_changed', 'Tệp đã thay đổi so với tệp đã xem trước: hãy xem lại', { sha256: stored.sha256 });
	const options = parseOptions(stored.options);
	const tierList = await tiersOf(db, eventId);
	// The bytes of an import never change: parse before the transaction, match inside it.
	const parsed = await parseImportBytes(toBytes(stored.bytes), stored.filename, tierList.map((t) => t.name), options.tierAliases);
	// Its own statement, before the transaction: if the process dies during the commit, the rollback leaves the
	// list as it was and this mark tells the preview that the attempt did not finish (status 'interrupted').
	await db.updateTable('delegate_import').set({ commit_started_at: new Date() }).where('id', '=', importId).where('committed_at', 'is', null).execute();
	let done: ImportResult;
	try {
		done = await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
			await lockEventDelegates(tx, eventId);
			const row = await loadImport(tx, eventId, importId, true);
			if (row.committed_at) throw alreadyCommitted(row);
			const tiers = await tiersOf(tx, eventId);
			if (JSON.stringify(tiers) !== JSON.stringify(tierList))
				throw conflict('import_stale', 'Các cấp đại biểu đã thay đổi: hãy xem lại trước khi nhập');
			const existing = await existingOf(tx, eventId);
			const plan = planImport(parsed, existing, tiers, options);
			const digest = planDigestOf(plan.rows, options);
			if (opts.planDigest !== undefined && opts.planDigest !== digest)
				throw conflict('import_stale', 'Danh sách đại biểu đã thay đổi từ lúc xem trước: hãy xem lại trước khi nhập', { planDigest: digest });
			const errorRows = plan.rows.filter((r) => r.action === 'error');
			if (errorRows.length && !opts.skipErrorRows)
				throw new DomainError(
					'import_has_errors',
					`Còn ${errorRows.length} dòng có lỗi: hãy sửa tệp rồi tải lên lại, hoặc chọn bỏ qua các dòng lỗi`,
					{ status: 400, details: { errorRows: errorRows.map((r) => r.rowNumber).slice(0, 200) } }
				);
			if (plan.rows.every((r) => r.action === 'error'))
				throw new DomainError('import_empty', 'Không có dòng nào nhập được');

			const base = await maxSortOrder(tx, eventId);
			const creates = plan.rows.filter((r) => r.action === 'create');
			const newRows: NewDelegate[] = creates.map((r, i) => ({
				event_id: eventId,
				tier_id: r.tierId!,
				kind: r.kind,
				salutation: r.salutation,
				full_name: r.fullName,
				position: r.position,
				unit: r.unit,
				addressed_to: r.addressedTo,
				places: r.places,
				email: r.email,
				phone: r.phone,
				seat: r.seat,
				notes: r.notes,
				protocol_rank: r.protocolRank,
				sort_order: base + (i + 1) * 10,
				source: 'import'
			}));
			const inserted = await insertDelegates(tx, newRows);

			const updates = plan.rows.filter((r) => r.action === 'update' && r.match);
			if (updates.length) {
				const byId = new Map(existing.map((e) => [e.id, e]));
				const values = updates.map((r) => {
					const e = byId.get(r.match!.id)!;
					const c = new Set(r.changes.map((x) => x.field));
					const merged = {
						tier_id: c.has('tier') ? r.tierId! : e.tier_id,
						salutation: c.has('salutation') ? r.salutation : e.salutation,
						position: c.has('position') ? r.position : e.position,
						phone: c.has('phone') ? r.phone : e.phone,
						email: c.has('email') ? r.email : e.email,
						notes: c.has('notes') ? r.notes : e.notes,
						seat: c.has('seat') ? r.seat : e.seat,
						places: c.has('places') ? r.places : e.places
					};
					const key = delegateSearchText({ ...e, ...merged });
					return sql`(${e.id}::int, ${merged.tier_id}::int, ${merged.salutation}::text, ${merged.position}::text, ${merged.phone}::text, ${merged.email}::text, ${merged.notes}::text, ${merged.seat}::text, ${merged.places}::int, ${key}::text)`;
				});
				for (let i = 0; i < values.length; i += 500) {
					await sql`update delegate set tier_id = v.tier_id, salutation = v.salutation, position = v.position, phone = v.phone,
						email = v.email, notes = v.notes, seat = v.seat, places = v.places, search_key = v.search_key, updated_at = now()
						from (values ${sql.join(values.slice(i, i + 500))}) as v(id, tier_id, salutation, position, phone, email, notes, seat, places, search_key)
						where delegate.id = v.id and delegate.event_id = ${eventId}`.execute(tx);
				}
			}
			const result: ImportResult = {
				importId,
				created: inserted.length,
				updated: updates.length,
				unchanged: plan.rows.filter((r) => r.action === 'unchanged').length,
				skippedErrorRows: errorRows.length,
				createdIds: inserted.map((r) => r.id)
			};
			const { createdIds: _ids, ...summary } = result;
			void _ids;
			await tx
				.updateTable('delegate_import')
				.set({ committed_at: new Date(), bytes: null, plan_digest: digest, result: JSON.stringify(summary) })
				.where('id', '=', importId)
				.execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'delegate.import.committed',
				entityType: 'delegate_import',
				entityId: importId,
				organisationId: event.organisation_id,
				eventId,
				data: {
					filename: stored.filename,
					sha256: stored.sha256,
					...summary,
					skippedRows: errorRows.map((r) => r.rowNumber).slice(0, 200),
					updatedIds: updates.map((r) => r.match!.id).slice(0, 500)
				}
			});
			return result;
		});
	} catch (e) {
		const mapped = mapDelegateConstraint(e);
		// Refused (errors, stale, duplicate…): nothing was attempted, the mark goes. Anything else keeps it.
		if (mapped instanceof DomainError)
			await db.updateTable('delegate_import').set({ commit_started_at: null }).where('id', '=', importId).where('committed_at', 'is', null).execute();
		throw mapped;
	}
	// Thousands of new rows: the planner's figures for the list are out of date until they are analysed (PGlite
	// never does it by itself, autovacuum takes up to a minute), and the next pages join on them.
	if (done.created + done.updated >= BULK_ANALYZE_ROWS) await analyzeTables(db, ['delegate']);
	return done;
}

/** Rows written by one import from which the delegate table is analysed right after the commit. */
const BULK_ANALYZE_ROWS = 1000;

async function maxSortOrder(db: Executor, eventId: number): Promise<number> {
	const r = await db
		.selectFrom('delegate')
		.select((eb) => eb.fn.max('sort_order').as('m'))
		.where('event_id', '=', eventId)
		.executeTakeFirst();
	return Number(r?.m ?? 0);
}

/** Discards an import that will not be committed. */
/**
 * Drops an uploaded list that was not imported (the user chose another file). A list already imported is not a
 * draft any more: 409 with when and what it wrote, nothing changed. Audited with the file's name and digest.
 */
export async function discardImport(db: Executor, principal: Principal, eventId: number, importId: string): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		const row = await loadImport(tx, eventId, importId, true);
		if (row.committed_at) throw alreadyCommitted(row);
		await tx.deleteFrom('delegate_import').where('id', '=', importId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'delegate.import.discarded',
			entityType: 'delegate_import',
			entityId: importId,
			organisationId: event.organisation_id,
			eventId,
			data: { filename: row.filename, sha256: row.sha256, size: row.size, interrupted: !!row.commit_started_at }
		});
	});
}

/**
 * A preview for a page: every row with a problem, plus the first `limit` others (a 15 000-row list is
 * not sent whole to a browser). `hiddenRows` says how many were left out.
 */
export function trimPreview(p: ImportPreview, limit = 300): ImportPreview & { hiddenRows: number } {
	const keep: ImportRowPlan[] = [];
	let others = 0;
	for (const r of p.rows) {
		if (r.problems.length || r.action === 'update' || r.changes.length) keep.push(r);
		else if (others < limit) {
			keep.push(r);
			others++;
		}
	}
	return { ...p, rows: keep, hiddenRows: p.rows.length - keep.length };
}
