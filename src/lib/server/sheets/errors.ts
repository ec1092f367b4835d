import { DomainError } from '$lib/server/errors';

/** Stable codes for spreadsheet failures: API clients and tests switch on them, not on text. */
export type SheetErrorCode =
	| 'unsupported_format'
	| 'xls_legacy'
	| 'too_large'
	| 'zip_bomb'
	| 'empty'
	| 'no_header'
	| 'encoding';

/** A spreadsheet the app refuses to read, with a message the office user can act on. */
export class SheetError extends DomainError {
	declare readonly code: SheetErrorCode;

	constructor(code: SheetErrorCode, message: string, details?: Record<string, unknown>) {
		super(code, message, { status: code === 'too_large' ? 413 : 400, details });
		this.name = 'SheetError';
	}
}

/** True for errors thrown by the sheet readers and parsers. */
export function isSheetError(e: unknown): e is SheetError {
	return e instanceof SheetError;
}
