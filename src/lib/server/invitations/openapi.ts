/** OpenAPI paths for giấy mời (letters, rounds, reminders), replies and the event's outbox. */
import { errorResponses, idParameter } from '$lib/server/api/helpers';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const eventParam = idParameter('eventId', 'Mã hội nghị');

const letterQuery = [
	{
		name: 'filter',
		in: 'query',
		schema: { type: 'string', enum: ['all', 'no-email', 'not-sent'], default: 'all' },
		description: 'all: mọi đại biểu; no-email: đại biểu không có email (in giấy); not-sent: chưa nhận được thư mời'
	},
	{ name: 'tier', in: 'query', schema: { type: 'integer' }, description: 'Chỉ một cấp đại biểu' }
];

const idempotencyHeader = {
	name: 'Idempotency-Key',
	in: 'header',
	schema: { type: 'string', minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' },
	description: 'Cùng khóa ⇒ cùng một lần gửi: gửi lại yêu cầu (mạng chập chờn) không gửi thêm thư nào. Có thể đặt trong thân là requestKey.'
};

export const invitationSchemas = {
	InvitationRound: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', enum: ['invitation', 'reminder'] },
			number: { type: 'integer', description: 'Số thứ tự đợt (thư nhắc lần n có khóa reminder:n:<mã đại biểu>)' },
			label: { type: 'string', examples: ['Đợt gửi giấy mời 1'] },
			batchId: { type: ['integer', 'null'] },
			recipients: { type: 'integer' },
			createdAt: { type: 'string', format: 'date-time' },
			createdBy: { type: ['string', 'null'] },
			progress: {
				type: 'object',
				properties: {
					sent: { type: 'integer' },
					failed: { type: 'integer' },
					uncertain: { type: 'integer', description: 'Máy chủ dừng giữa lúc gửi: không tự gửi lại (tránh trùng); người dùng quyết định' },
					waiting: { type: 'integer' },
					cancelled: { type: 'integer' }
				}
			}
		}
	},
	RoundResult: {
		type: 'object',
		properties: {
			roundId: { type: ['integer', 'null'] },
			batchId: { type: ['integer', 'null'] },
			queued: { type: 'integer', description: 'Số thư vừa đưa vào hàng đợi' },
			alreadyInvited: { type: 'integer', description: 'Đã có thư mời trước đó: không gửi lại' },
			withoutEmail: { type: 'integer', description: 'Không có email: cần in giấy mời' },
			repeated: { type: 'boolean', description: 'Yêu cầu cùng khóa đã được thực hiện trước đó' }
		}
	},
	DelegateInvitation: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			stt: { type: ['integer', 'null'], description: 'Số thứ tự theo thứ tự lễ tân (đại biểu đang mời)' },
			code: { type: 'string', examples: ['K7M-4QX'] },
			kind: { type: 'string', enum: ['person', 'unit'] },
			recipient: { type: 'string', examples: ['Bà Nguyễn Thị Ánh Tuyết – Giám đốc Sở Tài chính'] },
			tierId: { type: 'integer' },
			status: { type: 'string', enum: ['active', 'cancelled', 'replaced'] },
			source: { type: 'string' },
			substituteFor: { type: ['integer', 'null'] },
			parentUnitId: { type: ['integer', 'null'] },
			needsPlacing: { type: 'boolean' },
			email: { type: ['string', 'null'], description: 'Chỉ với quyền gửi giấy mời' },
			phone: { type: ['string', 'null'] },
			invitation: {
				type: 'object',
				properties: {
					state: { type: 'string', enum: ['sent', 'waiting', 'failed', 'uncertain', 'not_sent', 'no_email'] },
					sentAt: { type: ['string', 'null'], format: 'date-time' },
					error: { type: ['string', 'null'] },
					messageId: { type: ['integer', 'null'] }
				}
			},
			reminders: { type: 'integer' },
			reply: ref('Reply')
		}
	},
	Reply: {
		type: 'object',
		properties: {
			status: { type: 'string', enum: ['pending', 'attending', 'declined', 'substituted'] },
			note: { type: 'string' },
			at: { type: ['string', 'null'], format: 'date-time' },
			via: { type: ['string', 'null'], enum: ['link', 'phone', 'paper', 'email', 'organiser', null] }
		}
	},
	RecordReplyInput: {
		type: 'object',
		required: ['delegateId', 'status'],
		properties: {
			delegateId: { type: 'integer' },
			status: { type: 'string', enum: ['pending', 'attending', 'declined', 'substituted'] },
			note: { type: 'string', maxLength: 500, description: 'Lý do không tham dự, ghi chú' },
			via: { type: 'string', enum: ['phone', 'paper', 'email', 'organiser'], default: 'phone' },
			substitute: {
				type: 'object',
				description: 'Bắt buộc khi status = substituted',
				required: ['fullName'],
				properties: {
					salutation: { type: 'string', enum: ['Ông', 'Bà'] },
					fullName: { type: 'string' },
					position: { type: 'string' },
					phone: { type: 'string' },
					email: { type: 'string', format: 'email' }
				}
			}
		}
	},
	OutboxMessage: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', examples: ['invitation', 'reminder'] },
			status: { type: 'string', enum: ['queued', 'sending', 'sent', 'retry', 'failed', 'uncertain', 'cancelled'] },
			to: { type: 'string' },
			toName: { type: 'string' },
			subject: { type: 'string' },
			attempts: { type: 'integer' },
			error: { type: ['string', 'null'] },
			errorKind: { type: ['string', 'null'], enum: ['transient', 'permanent', 'interrupted', null] },
			transport: { type: ['string', 'null'], enum: ['smtp', 'local', null], description: 'local: giữ trong hộp thư đi (chưa cấu hình SMTP)' },
			batchId: { type: ['integer', 'null'] },
			delegateId: { type: ['integer', 'null'] },
			createdAt: { type: 'string', format: 'date-time' },
			sentAt: { type: ['string', 'null'], format: 'date-time' },
			nextAttemptAt: { type: ['string', 'null'], format: 'date-time', description: 'Thư chờ gửi hoặc chờ thử lại: lúc sẽ gửi' }
		}
	}
};

const pdf = { 'application/pdf': { schema: { type: 'string', format: 'binary' } } };
const docx = { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } } };

export const invitationPaths = {
	'/events/{eventId}/invitations': {
		parameters: [eventParam],
		get: {
			summary: 'Tình trạng giấy mời: số liệu, các đợt gửi, từng đại biểu (thư, phản hồi)',
			operationId: 'getInvitationStatus',
			parameters: [{ name: 'summary', in: 'query', schema: { type: 'string', enum: ['1'] }, description: '1: chỉ số liệu và các đợt gửi, không có danh sách đại biểu' }],
			responses: {
				'200': {
					description: 'OK',
					content: json({
						type: 'object',
						properties: {
							counts: { type: 'object' },
							rounds: { type: 'array', items: ref('InvitationRound') },
							delegates: { type: 'array', items: ref('DelegateInvitation') }
						}
					})
				},
				...errorResponses(403, 404)
			}
		}
	},
	'/events/{eventId}/invitations/rounds': {
		parameters: [eventParam],
		get: {
			summary: 'Các đợt gửi giấy mời và thư nhắc, với tiến độ (đã gửi / lỗi / chưa rõ / đang chờ)',
			operationId: 'listInvitationRounds',
			responses: { '200': { description: 'OK', content: json({ type: 'object', properties: { rounds: { type: 'array', items: ref('InvitationRound') } } }) }, ...errorResponses(403, 404) }
		},
		post: {
			summary: 'Gửi giấy mời qua email cho mọi đại biểu có email chưa nhận thư (mỗi người tối đa một thư mời)',
			description: 'Mỗi thư kèm giấy mời PDF của người nhận (dựng lúc gửi) và đường liên kết xác nhận riêng. Gửi lại cùng khóa hoặc gửi đợt thứ hai không gửi trùng.',
			operationId: 'sendInvitationRound',
			parameters: [idempotencyHeader],
			requestBody: {
				content: json({ type: 'object', properties: { requestKey: { type: 'string' }, tierId: { type: 'integer', description: 'Chỉ gửi cho một cấp' } } })
			},
			responses: {
				'201': { description: 'Đã đưa thư vào hàng đợi', content: json(ref('RoundResult')) },
				'200': { description: 'Không có thư mới (đã gửi hết, hoặc yêu cầu lặp lại)', content: json(ref('RoundResult')) },
				...errorResponses(400, 403, 404, 409)
			}
		}
	},
	'/events/{eventId}/invitations/reminders': {
		parameters: [eventParam],
		post: {
			summary: 'Gửi thư nhắc xác nhận tham dự',
			description: 'Cho các đại biểu trong delegateIds, hoặc theo điều kiện (mặc định: đang mời, có email, chưa trả lời). expectedCount (nếu có) phải đúng số người nhận.',
			operationId: 'sendReminders',
			parameters: [idempotencyHeader],
			requestBody: {
				required: true,
				content: json({
					type: 'object',
					properties: {
						delegateIds: { type: 'array', items: { type: 'integer' } },
						replies: { type: 'array', items: { type: 'string', enum: ['pending', 'attending', 'declined'] }, default: ['pending'] },
						tierIds: { type: 'array', items: { type: 'integer' } },
						onlyInvited: { type: 'boolean', description: 'Chỉ người đã nhận thư mời' },
						expectedCount: { type: 'integer' },
						message: { type: 'string', maxLength: 2000 },
						requestKey: { type: 'string' }
					}
				})
			},
			responses: {
				'201': { description: 'Đã đưa thư nhắc vào hàng đợi', content: json(ref('RoundResult')) },
				'200': { description: 'Không có thư mới', content: json(ref('RoundResult')) },
				...errorResponses(400, 403, 404, 409)
			}
		}
	},
	'/events/{eventId}/invitations/pdf': {
		parameters: [eventParam],
		get: {
			summary: 'Tất cả giấy mời trong một tệp PDF để in, theo thứ tự lễ tân (NĐ 30/2020, A4)',
			operationId: 'downloadInvitationsPdf',
			parameters: letterQuery,
			responses: { '200': { description: 'PDF', content: pdf }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/invitations/zip': {
		parameters: [eventParam],
		get: {
			summary: 'Tệp ZIP, mỗi đại biểu một giấy mời PDF (giay-moi-<stt>-<tên>.pdf)',
			operationId: 'downloadInvitationsZip',
			parameters: letterQuery,
			responses: { '200': { description: 'ZIP', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/invitations/docx': {
		parameters: [eventParam],
		get: {
			summary: 'Tất cả giấy mời trong một tệp Word (.docx) để sửa trước khi ký, theo thứ tự lễ tân (mỗi giấy mời một phần, trang mới)',
			operationId: 'downloadInvitationsDocx',
			parameters: letterQuery,
			responses: { '200': { description: 'DOCX', content: docx }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/invitations/{delegateId}/docx': {
		parameters: [eventParam, idParameter('delegateId', 'Mã đại biểu')],
		get: {
			summary: 'Giấy mời của một đại biểu dạng Word (.docx), cùng nội dung và mã QR như bản PDF',
			operationId: 'downloadInvitationDocx',
			responses: { '200': { description: 'DOCX', content: docx }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/invitations/{delegateId}/pdf': {
		parameters: [eventParam, idParameter('delegateId', 'Mã đại biểu')],
		get: {
			summary: 'Giấy mời PDF của một đại biểu (có mã QR và đường liên kết cá nhân)',
			operationId: 'downloadInvitationPdf',
			responses: { '200': { description: 'PDF', content: pdf }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/replies': {
		parameters: [eventParam],
		get: {
			summary: 'Phản hồi của đại biểu (tham dự, không tham dự, cử người dự thay)',
			operationId: 'listReplies',
			responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) }
		},
		post: {
			summary: 'Ghi nhận phản hồi nhận qua điện thoại, văn bản hoặc email',
			operationId: 'recordReply',
			requestBody: { required: true, content: json(ref('RecordReplyInput')) },
			responses: { '200': { description: 'Đã ghi nhận' }, ...errorResponses(400, 403, 404, 409) }
		}
	},
	'/events/{eventId}/mail': {
		parameters: [eventParam],
		get: {
			summary: 'Hộp thư đi của hội nghị: mọi thư, trạng thái, số lần thử, lỗi',
			operationId: 'listEventMail',
			parameters: [
				{ name: 'status', in: 'query', schema: { type: 'string', enum: ['queued', 'sending', 'sent', 'retry', 'failed', 'uncertain', 'cancelled', 'problem'] } },
				{ name: 'kind', in: 'query', schema: { type: 'string' } },
				{ name: 'batch', in: 'query', schema: { type: 'integer' } },
				{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 1000, default: 200 } },
				{ name: 'offset', in: 'query', schema: { type: 'integer', default: 0 } }
			],
			responses: {
				'200': { description: 'OK', content: json({ type: 'object', properties: { transport: { type: 'string' }, counts: { type: 'object' }, messages: { type: 'array', items: ref('OutboxMessage') } } }) },
				...errorResponses(400, 403, 404)
			}
		}
	}
};
