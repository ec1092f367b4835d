/** Building blocks for the OpenAPI sections of each capability. */
type Obj = Record<string, unknown>;

export const errorSchema: Obj = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message'],
			properties: {
				code: { type: 'string', description: 'Mã lỗi ổn định, dùng để xử lý tự động' },
				message: { type: 'string', description: 'Thông báo tiếng Việt cho người dùng' },
				fields: { type: 'object', additionalProperties: { type: 'string' } },
				errorId: { type: 'string' }
			}
		}
	}
};

/** Standard error responses, to spread into an operation's `responses`. */
export function errorResponses(...statuses: number[]): Obj {
	const text: Record<number, string> = {
		400: 'Dữ liệu không hợp lệ',
		401: 'Chưa xác thực',
		403: 'Không có quyền',
		404: 'Không tìm thấy (hoặc thuộc đơn vị khác)',
		409: 'Xung đột trạng thái',
		413: 'Tệp quá lớn',
		422: 'Không xử lý được nội dung',
		429: 'Quá nhiều yêu cầu'
	};
	const out: Obj = {};
	for (const s of [401, ...statuses]) {
		out[String(s)] = {
			description: text[s] ?? 'Lỗi',
			content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
		};
	}
	return out;
}

export const idParameter = (name: string, description: string): Obj => ({
	name,
	in: 'path',
	required: true,
	description,
	schema: { type: 'integer', minimum: 1 }
});

