/**
 * Low-level delegate writes shared by every capability that creates delegates (the list, imports,
 * substitutes, people named by a unit, walk-ins at the door). Rules and audit stay in the callers' services.
 */
import { sql, type Insertable } from 'kysely';
import type { Executor } from '$lib/server/db';
import { searchKey } from '$lib/format';
import type { DelegateTable } from './tables';
import { delegateTokenHash, newDelegateCode, placeholderTokenHash } from './token';
import { delegateIdentityKey } from '$lib/server/sheets/delegates';

export type NewDelegate = Omit<
	Insertable<DelegateTable>,
	'id' | 'code' | 'token_hash' | 'token_version' | 'search_key' | 'identity_key' | 'created_at' | 'updated_at'
>;

/** The text that diacritic-insensitive search runs on. */
export function delegateSearchText(d: {
	full_name?: string | null;
	unit?: string | null;
	position?: string | null;
	addressed_to?: string | null;
	phone?: string | null;
	email?: string | null;
	code?: string | null;
}): string {
	return searchKey(
		[d.full_name, d.addressed_to, d.unit, d.position, d.phone, d.email, d.code?.replace('-', '')].filter(Boolean).join(' ')
	);
}

/**
 * Inserts delegates with their short code, search and identity keys and personal-link token hash
 * (derived from the new id, so set in a second statement of the same transaction). Returns the new rows'
 * ids in input order. Call inside a transaction.
 */
export async function insertDelegates(db: Executor, rows: NewDelegate[]): Promise<{ id: number; code: string }[]> {
	if (!rows.length) return [];
	const out: { id: number; code: string }[] = [];
	const codes = await freshCodes(db, rows);
	// Chunks keep each statement well below PostgreSQL's 65 535 parameter limit.
	for (let i = 0; i < rows.length; i += 500) {
		const chunk = rows.slice(i, i + 500);
		const values = chunk.map((r, j) => {
			const code = codes[i + j];
			return {
				...r,
				// Substitutes and people named by a unit wait for the organiser to place them (placed_at null).
				placed_at:
					r.placed_at !== undefined ? r.placed_at : r.source === 'substitute' || r.source === 'unit_reply' ? null : new Date(),
				code,
				token_hash: placeholderTokenHash(),
				search_key: delegateSearchText({ ...r, code }),
				identity_key: r.kind === 'unit' || !r.full_name ? '' : delegateIdentityKey(r.full_name as string, (r.unit as string) ?? '')
			};
		});
		const inserted = await db.insertInto('delegate').values(values).returning(['id', 'code']).execute();
		out.push(...inserted);
	}
	await setTokenHashes(db, out.map((r) => r.id));
	return out;
}

/**
 * One short code per row, unique within its event: distinct among the new rows and not already taken. Codes
 * are random (31^6 ≈ 887 million), so two of 15 000 new rows collide about one import in eight (the
 * birthday bound grows with the square of the list): drawn again here rather than failing the whole import
 * on the unique index.
 */
async function freshCodes(db: Executor, rows: NewDelegate[]): Promise<string[]> {
	const taken = new Set<string>();
	const key = (eventId: number, code: string) => `${eventId}:${code}`;
	const codes = rows.map((r) => {
		let c = newDelegateCode();
		while (taken.has(key(r.event_id, c))) c = newDelegateCode();
		taken.add(key(r.event_id, c));
		return c;
	});
	for (let redraw = rows.map((_, i) => i); redraw.length; ) {
		const clash = new Set<string>();
		for (let i = 0; i < redraw.length; i += 1000) {
			const part = redraw.slice(i, i + 1000);
			const found = await db
				.selectFrom('delegate')
				.select(['event_id', 'code'])
				.where('event_id', 'in', [...new Set(part.map((k) => rows[k].event_id))])
				.where('code', 'in', part.map((k) => codes[k]))
				.execute();
			for (const f of found) clash.add(key(f.event_id, f.code));
		}
		redraw = redraw.filter((k) => clash.has(key(rows[k].event_id, codes[k])));
		for (const k of redraw) {
			let c = newDelegateCode();
			while (taken.has(key(rows[k].event_id, c))) c = newDelegateCode();
			taken.add(key(rows[k].event_id, c));
			codes[k] = c;
		}
	}
	return codes;
}

/** Recomputes token hashes for the given delegates from their id and token_version. */
export async function setTokenHashes(db: Executor, ids: number[]): Promise<void> {
	if (!ids.length) return;
	const rows = await db.selectFrom('delegate').select(['id', 'token_version']).where('id', 'in', ids).execute();
	for (let i = 0; i < rows.length; i += 1000) {
		const chunk = rows.slice(i, i + 1000);
		const pairs = chunk.map((r) => sql`(${r.id}::int, ${delegateTokenHash(r.id, r.token_version)}::text)`);
		await sql`update delegate set token_hash = v.h from (values ${sql.join(pairs)}) as v(id, h) where delegate.id = v.id`.execute(db);
	}
}

/** Revokes a delegate's personal link (substituted, cancelled): the old QR and reply link stop working. */
export async function rotateToken(db: Executor, delegateId: number): Promise<void> {
	await db
		.updateTable('delegate')
		.set({ token_version: sql`token_version + 1`, updated_at: sql`now()` })
		.where('id', '=', delegateId)
		.execute();
	await setTokenHashes(db, [delegateId]);
}

/** Refreshes search and identity keys after an edit of name, unit, position or contacts. */
export async function refreshDelegateKeys(db: Executor, delegateId: number): Promise<void> {
	const d = await db.selectFrom('delegate').selectAll().where('id', '=', delegateId).executeTakeFirstOrThrow();
	await db
		.updateTable('delegate')
		.set({
			search_key: delegateSearchText(d),
			identity_key: d.kind === 'unit' || !d.full_name ? '' : delegateIdentityKey(d.full_name, d.unit)
		})
		.where('id', '=', delegateId)
		.execute();
}

/** Finds the delegate of a personal-link token (any event); null when unknown. */
export async function delegateByTokenHash(db: Executor, tokenHash: string) {
	return db.selectFrom('delegate').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}
