/** Largest id of a row (PostgreSQL integer): a larger number names nothing and must not reach a query. */
export const MAX_ID = 2147483647;

/** A row id: a whole number from 1 to MAX_ID. */
export function isId(n: unknown): n is number {
	return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_ID;
}
