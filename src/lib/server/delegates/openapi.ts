/** OpenAPI paths for delegates (the list, one delegate, protocol order, imports). */
import { errorResponses, idParameter } from '$lib/server/api/helpers';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const eventId = idParameter('eventId', 'Mã hội nghị');
const importIdParam = {
	name: 'importId',
	in: 'path',
	required: true,
	description: 'Mã lần nhập (32 ký tự base32, trả về khi tải tệp lên)',
	schema: { type: 'string', pattern: '^[a-z2-7]{32}$' }
};

const problem = {
	type: 'object',
	properties: {
		rowNumber: { type: 'integer', description: 'Số dòng trong Excel' },
		field: { type: 'string' },
		severity: { type: 'string', enum: ['error', 'warning'] },
		message: { type: 'string' }
	}
};

export const delegateSchemas = {
	DelegateInput: {
		type: 'object',
		properties: {
			kind: { type: 'string', enum: ['person', 'unit'], default: 'person', description: "'unit': thư mời gửi cơ quan, đơn vị tự cử người dự trong số lượng cho phép" },
			tierId: { type: 'integer' },
			salutation: { type: ['string', 'null'], enum: ['Ông', 'Bà', null] },
			fullName: { type: 'string', maxLength: 120, description: '"Ông"/"Bà" ở đầu được tách sang danh xưng' },
			position: { type: 'string', examples: ['Giám đốc'] },
			unit: { type: 'string', examples: ['Sở Tài chính'] },
			addressedTo: { type: 'string', examples: ['Lãnh đạo Sở Tài chính'], description: 'Thư mời đơn vị: nơi nhận' },
			places: { type: 'integer', minimum: 1, maximum: 100, description: 'Thư mời đơn vị: số người dự' },
			email: { type: ['string', 'null'] },
			phone: { type: ['string', 'null'], examples: ['0912.345.678', '+84 912 345 678'] },
			seat: { type: 'string' },
			notes: { type: 'string' },
			protocolRank: { type: ['integer', 'null'], description: 'Ngôi thứ trong cấp (nhỏ đứng trước); null = mặc định theo chức vụ' }
		}
	},
	Delegate: {
		allOf: [
			ref('DelegateInput'),
			{
				type: 'object',
				properties: {
					id: { type: 'integer' },
					code: { type: 'string', examples: ['K7M-4QX'] },
					tierName: { type: 'string' },
					sortOrder: { type: 'integer' },
					replyStatus: { type: 'string', enum: ['pending', 'attending', 'declined', 'substituted'] },
					replyNote: { type: 'string' },
					repliedAt: { type: ['string', 'null'], format: 'date-time' },
					repliedVia: { type: ['string', 'null'] },
					status: { type: 'string', enum: ['active', 'cancelled', 'replaced'] },
					source: { type: 'string' },
					substituteFor: { type: ['integer', 'null'], description: 'Người dự thay: mã đại biểu được thay' },
					substituteForLabel: { type: ['string', 'null'] },
					parentUnitId: { type: ['integer', 'null'], description: 'Người do đơn vị cử: mã thư mời đơn vị' },
					parentUnitLabel: { type: ['string', 'null'] },
					attendeeCount: { type: 'integer', description: 'Thư mời đơn vị: số người đã cử' },
					needsPlacing: { type: 'boolean', description: 'Người dự thay / người do đơn vị cử chưa được xếp ngôi thứ' }
				}
			}
		]
	},
	DelegateImportPreview: {
		type: 'object',
		properties: {
			importId: { type: 'string' },
			filename: { type: 'string' },
			sha256: { type: 'string', description: 'SHA-256 của tệp đã tải lên; gửi lại khi xác nhận nhập' },
			planDigest: { type: 'string', description: 'Dấu của kết quả xem trước; gửi lại khi xác nhận để phát hiện danh sách đã thay đổi' },
			status: {
				type: 'string',
				enum: ['pending', 'interrupted'],
				description: 'interrupted: một lần xác nhận nhập đã bắt đầu lúc commitStartedAt nhưng chưa hoàn tất (máy chủ dừng giữa chừng hoặc vẫn đang ghi); chưa có dòng nào của tệp được ghi, có thể xác nhận lại'
			},
			commitStartedAt: { type: ['string', 'null'], format: 'date-time' },
			options: {
				type: 'object',
				properties: {
					tierAliases: { type: 'object', additionalProperties: { type: 'string' }, description: 'Mục/cấp trong tệp → tên cấp của hội nghị' },
					matched: { type: 'string', enum: ['update', 'skip'] },
					order: { type: 'string', enum: ['rank', 'file'] }
				}
			},
			counts: { type: 'object' },
			rows: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						rowNumber: { type: 'integer' },
						action: { type: 'string', enum: ['create', 'update', 'unchanged', 'error'] },
						kind: { type: 'string', enum: ['person', 'unit'] },
						fullName: { type: 'string' },
						tierName: { type: ['string', 'null'] },
						match: { type: ['object', 'null'] },
						changes: { type: 'array', items: { type: 'object' } },
						problems: { type: 'array', items: problem }
					}
				}
			},
			fileProblems: { type: 'array', items: problem },
			unmatchedTiers: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' }, key: { type: 'string' }, rowNumbers: { type: 'array', items: { type: 'integer' } } } } }
		}
	}
};

const filters = [
	{ name: 'tier', in: 'query', schema: { type: 'integer' }, description: 'Mã cấp đại biểu' },
	{ name: 'reply', in: 'query', schema: { type: 'string', enum: ['pending', 'attending', 'declined', 'substituted'] } },
	{ name: 'kind', in: 'query', schema: { type: 'string', enum: ['person', 'unit'] } },
	{ name: 'q', in: 'query', schema: { type: 'string' }, description: 'Tìm theo tên, đơn vị, chức vụ, điện thoại, email, mã (không dấu cũng được)' },
	{ name: 'status', in: 'query', schema: { type: 'string', enum: ['active', 'cancelled', 'all'], default: 'active' } },
	{ name: 'needsPlacing', in: 'query', schema: { type: 'boolean' } },
	{ name: 'sort', in: 'query', schema: { type: 'string', enum: ['protocol', 'name'], default: 'protocol' }, description: 'Thứ tự lễ tân hoặc theo tên (tên, đệm, họ)' }
];

export const delegatePaths = {
	'/events/{eventId}/delegates': {
		parameters: [eventId],
		get: {
			summary: 'Danh sách đại biểu (thứ tự lễ tân: cấp, ngôi thứ, thứ tự kéo thả) và số liệu theo cấp, phản hồi',
			operationId: 'listDelegates',
			parameters: filters,
			responses: {
				'200': {
					description: 'OK',
					content: json({ type: 'object', properties: { delegates: { type: 'array', items: ref('Delegate') }, summary: { type: 'object' } } })
				},
				...errorResponses(403, 404)
			}
		},
		post: {
			summary: 'Thêm đại biểu (cá nhân) hoặc thư mời đơn vị',
			operationId: 'createDelegate',
			requestBody: { required: true, content: json({ allOf: [ref('DelegateInput'), { type: 'object', required: ['tierId'] }] }) },
			responses: { '201': { description: 'Đã thêm', content: json(ref('Delegate')) }, ...errorResponses(400, 403, 404, 409) }
		}
	},
	'/events/{eventId}/delegates/summary': {
		parameters: [eventId],
		get: {
			summary: 'Số đại biểu theo cấp và theo phản hồi; thư mời đơn vị và số người đã cử; số người cần xếp chỗ',
			operationId: 'delegateSummary',
			responses: { '200': { description: 'OK', content: json({ type: 'object' }) }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/delegates/{delegateId}': {
		parameters: [eventId, idParameter('delegateId', 'Mã đại biểu')],
		get: {
			summary: 'Một đại biểu, kèm người dự thay và người do đơn vị cử',
			operationId: 'getDelegate',
			responses: { '200': { description: 'OK', content: json(ref('Delegate')) }, ...errorResponses(403, 404) }
		},
		patch: {
			summary: 'Sửa đại biểu (chỉ các trường gửi lên); replyStatus ghi phản hồi nhận qua điện thoại; placed: true xếp người dự thay',
			operationId: 'updateDelegate',
			requestBody: {
				required: true,
				content: json({
					allOf: [
						ref('DelegateInput'),
						{
							type: 'object',
							properties: {
								replyStatus: { type: 'string', enum: ['pending', 'attending', 'declined'] },
								replyNote: { type: 'string' },
								placed: { type: 'boolean', description: 'Xếp ngôi thứ cho người dự thay / người do đơn vị cử (với tierId, protocolRank nếu có)' }
							}
						}
					]
				})
			},
			responses: { '200': { description: 'OK', content: json(ref('Delegate')) }, ...errorResponses(400, 403, 404, 409) }
		},
		delete: {
			summary: 'Hủy mời (giữ lại trong hồ sơ; liên kết cá nhân hết hiệu lực, ghế được giải phóng)',
			operationId: 'cancelDelegate',
			responses: { '200': { description: 'OK', content: json(ref('Delegate')) }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/delegates/order': {
		parameters: [eventId],
		put: {
			summary: 'Sắp xếp lại một cấp: danh sách mã đại biểu theo thứ tự mới (ngôi thứ thay đổi ít nhất có thể)',
			operationId: 'reorderDelegates',
			requestBody: {
				required: true,
				content: json({ type: 'object', required: ['tierId', 'delegateIds'], properties: { tierId: { type: 'integer' }, delegateIds: { type: 'array', items: { type: 'integer' } } } })
			},
			responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404, 409) }
		}
	},
	'/events/{eventId}/delegates/imports': {
		parameters: [eventId],
		post: {
			summary: 'Tải lên danh sách .xlsx / .csv và xem trước (chưa ghi gì vào danh sách)',
			description:
				'Gửi nguyên nội dung tệp (Content-Type application/octet-stream hoặc text/csv, tên tệp ở tham số `filename`), hoặc multipart/form-data (trường `file`, tùy chọn `options` là JSON) kèm header `Origin` là địa chỉ máy chủ (bảo vệ CSRF của máy chủ từ chối biểu mẫu không có Origin). Tệp được kiểm tra theo nội dung, tối đa 10 MB. Kết quả xem trước liệt kê mọi dòng có vấn đề và lý do. Nhập thật bằng POST …/imports/{importId}/commit.',
			operationId: 'createDelegateImport',
			parameters: [
				{ name: 'filename', in: 'query', schema: { type: 'string' } },
				{ name: 'rows', in: 'query', schema: { type: 'string', enum: ['all', 'problems'], default: 'all' } }
			],
			requestBody: {
				required: true,
				content: {
					'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, options: { type: 'string' } } } },
					'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
					'text/csv': { schema: { type: 'string' } }
				}
			},
			responses: { '201': { description: 'Đã lưu tệp, kết quả xem trước', content: json(ref('DelegateImportPreview')) }, ...errorResponses(400, 403, 404, 413) }
		}
	},
	'/events/{eventId}/delegates/imports/{importId}': {
		parameters: [eventId, importIdParam],
		get: {
			summary: 'Xem trước lại (đối chiếu với danh sách hiện tại)',
			operationId: 'getDelegateImport',
			parameters: [{ name: 'rows', in: 'query', schema: { type: 'string', enum: ['all', 'problems'], default: 'all' } }],
			responses: { '200': { description: 'OK', content: json(ref('DelegateImportPreview')) }, ...errorResponses(403, 404, 409, 410) }
		},
		patch: {
			summary: 'Đổi tùy chọn nhập (ghép mục với cấp, cập nhật hay bỏ qua người đã có, thứ tự) và xem trước lại',
			operationId: 'updateDelegateImport',
			requestBody: { required: true, content: json({ type: 'object', properties: { options: { type: 'object' } } }) },
			responses: { '200': { description: 'OK', content: json(ref('DelegateImportPreview')) }, ...errorResponses(400, 403, 404, 409, 410) }
		},
		delete: {
			summary: 'Bỏ lần nhập chưa xác nhận (409 import_already_committed nếu danh sách đã được nhập)',
			operationId: 'discardDelegateImport',
			responses: { '200': { description: 'OK' }, ...errorResponses(403, 404, 409) }
		}
	},
	'/events/{eventId}/delegates/imports/{importId}/commit': {
		parameters: [eventId, importIdParam],
		post: {
			summary: 'Nhập danh sách: một giao dịch, tất cả hoặc không',
			description:
				'Bị từ chối khi: còn dòng lỗi mà không chọn skipErrorRows (import_has_errors); sha256 không khớp tệp đã tải (import_file_changed); danh sách đã thay đổi từ lúc xem trước (import_stale, kèm planDigest mới); đã nhập rồi (import_already_committed).',
			operationId: 'commitDelegateImport',
			requestBody: {
				content: json({
					type: 'object',
					properties: {
						planDigest: { type: 'string' },
						sha256: { type: 'string' },
						skipErrorRows: { type: 'boolean', default: false, description: 'Bỏ qua các dòng lỗi (phải chọn rõ)' }
					}
				})
			},
			responses: {
				'200': {
					description: 'Đã nhập',
					content: json({ type: 'object', properties: { created: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' }, skippedErrorRows: { type: 'integer' } } })
				},
				...errorResponses(400, 403, 404, 409, 410)
			}
		}
	}
};
