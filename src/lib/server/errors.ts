/**
 * Expected failures carry a stable `code` (tests and API clients rely on it) and a Vietnamese message
 * (what the user reads). Unexpected failures stay plain Errors and surface as 500 with an error id.
 */
export class DomainError extends Error {
	readonly code: string;
	readonly status: number;
	/** Per-field messages for forms: { email: 'Email không hợp lệ' }. */
	readonly fields: Record<string, string> | undefined;
	readonly details: Record<string, unknown> | undefined;

	constructor(
		code: string,
		message: string,
		opts: { status?: number; fields?: Record<string, string>; details?: Record<string, unknown> } = {}
	) {
		super(message);
		this.name = 'DomainError';
		this.code = code;
		this.status = opts.status ?? 400;
		this.fields = opts.fields;
		this.details = opts.details;
	}
}

export function notFound(message = 'Không tìm thấy trang hoặc dữ liệu yêu cầu'): DomainError {
	return new DomainError('not_found', message, { status: 404 });
}

export function forbidden(message = 'Bạn không có quyền thực hiện thao tác này'): DomainError {
	return new DomainError('forbidden', message, { status: 403 });
}

export function invalid(fields: Record<string, string>, message = 'Dữ liệu nhập chưa hợp lệ'): DomainError {
	return new DomainError('invalid_input', message, { status: 400, fields });
}

export function conflict(code: string, message: string, details?: Record<string, unknown>): DomainError {
	return new DomainError(code, message, { status: 409, details });
}

export function isDomainError(e: unknown): e is DomainError {
	return e instanceof DomainError;
}

/** Maps a PostgreSQL unique/check violation to a domain error when the constraint is known. */
/**
 * A number from the request too large for its column (PostgreSQL 22003, numeric_value_out_of_range): the caller's
 * input, answered as 400 invalid_input with this message, not a fault of the server.
 */
export const NUMBER_OUT_OF_RANGE_MESSAGE = 'Có giá trị số vượt quá giới hạn cho phép';
export function isNumberOutOfRange(e: unknown): boolean {
	return (e as { code?: unknown })?.code === '22003';
}

export function mapConstraintError(
	e: unknown,
	map: Record<string, { code: string; message: string; field?: string }>
): unknown {
	const err = e as { code?: string; constraint?: string; constraint_name?: string; message?: string };
	const name = err?.constraint ?? err?.constraint_name ?? extractConstraint(err?.message);
	if (name && map[name]) {
		const m = map[name];
		return new DomainError(m.code, m.message, {
			status: err.code === '23505' ? 409 : 400,
			fields: m.field ? { [m.field]: m.message } : undefined
		});
	}
	return e;
}

function extractConstraint(message: string | undefined): string | undefined {
	return message?.match(/constraint "([^"]+)"/)?.[1];
}
