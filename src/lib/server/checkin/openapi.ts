/** OpenAPI paths for check-in at the door (scanners, live counts, attendance). */
import { errorResponses, idParameter } from '$lib/server/api/helpers';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const eventParam = [idParameter('eventId', 'Mã hội nghị')];

const scanContext = {
	nonce: {
		type: 'string',
		pattern: '^[A-Za-z0-9_-]{8,64}$',
		description: 'Mã ngẫu nhiên của lượt quét, duy nhất theo thiết bị: gửi lại cùng nonce (thử lại sau khi hết thời gian chờ) nhận lại đúng câu trả lời lần đầu, không check-in lần hai'
	},
	deviceId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$', description: 'Mã thiết bị quét (ngẫu nhiên, lưu trên thiết bị)' },
	deviceLabel: { type: 'string', maxLength: 60, examples: ['Cửa chính — máy 1'] },
	clientTime: { type: 'string', format: 'date-time', description: 'Giờ của thiết bị lúc quét' }
};

export const checkinSchemas = {
	CheckinDelegate: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', enum: ['person', 'unit'] },
			salutation: { type: ['string', 'null'], enum: ['Ông', 'Bà', null] },
			name: { type: 'string' },
			position: { type: 'string' },
			unit: { type: 'string' },
			tierId: { type: 'integer' },
			tierName: { type: 'string' },
			tierPosition: { type: 'integer' },
			isLeader: { type: 'boolean' },
			seat: { type: 'string' },
			code: { type: 'string', description: 'Mã in dưới QR, ví dụ K7M-4QX' },
			walkIn: { type: 'boolean', description: 'Thêm tại bàn đón tiếp (không có trong danh sách mời)' },
			replyStatus: { type: 'string', enum: ['pending', 'attending', 'declined', 'substituted'] }
		}
	},
	CheckIn: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			at: { type: 'string', format: 'date-time', description: 'Giờ đến được ghi nhận (sớm nhất trong các lượt quét)' },
			method: { type: 'string', enum: ['scan', 'manual', 'bulk', 'walk_in', 'offline_sync'] },
			by: { type: 'string', description: 'Người check-in' },
			device: { type: 'string', description: 'Thiết bị' }
		}
	},
	ScanResult: {
		type: 'object',
		required: ['code', 'message', 'warnings'],
		properties: {
			code: {
				type: 'string',
				enum: ['ok', 'already_checked_in', 'invalid_token', 'wrong_event', 'cancelled', 'replaced', 'not_found'],
				description:
					'ok: chào mừng (xanh); already_checked_in: đã check-in (vàng, kèm giờ và người/thiết bị); còn lại: từ chối (đỏ, kèm reason). ' +
					'Đại biểu đã báo vắng mà vẫn đến: ok kèm cảnh báo declined.'
			},
			message: { type: 'string' },
			reason: { type: 'string', description: 'Lý do từ chối' },
			delegate: ref('CheckinDelegate'),
			checkIn: ref('CheckIn'),
			substitute: { oneOf: [ref('CheckinDelegate'), { type: 'null' }], description: 'replaced: người dự thay' },
			warnings: {
				type: 'array',
				items: { type: 'object', properties: { code: { type: 'string', enum: ['declined', 'clock', 'not_today'] }, message: { type: 'string' } } }
			},
			corrected: {
				type: 'object',
				description: 'Lượt quét ngoại tuyến sớm hơn đã dời giờ đến được ghi nhận',
				properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } }
			},
			replayed: { type: 'boolean', description: 'Cùng nonce đã gửi trước đó: đây là câu trả lời lần đầu' }
		}
	},
	CheckinSummary: {
		type: 'object',
		properties: {
			expected: { type: 'integer' },
			present: { type: 'integer' },
			percent: { type: 'integer' },
			walkIns: { type: 'integer' },
			refused: { type: 'integer' },
			activeDevices: { type: 'integer' },
			byTier: { type: 'array', items: { type: 'object' } },
			byUnit: { type: 'array', items: { type: 'object' } },
			latest: { type: 'array', items: { type: 'object' } },
			leaders: { type: 'array', items: { type: 'object' } },
			updatedAt: { type: 'string', format: 'date-time' }
		}
	}
};

export const checkinPaths = {
	'/events/{eventId}/checkin/scan': {
		parameters: eventParam,
		post: {
			summary: 'Quét mã tại cửa: liên kết cá nhân trong QR, token, hoặc mã in dưới QR',
			operationId: 'checkinScan',
			requestBody: {
				required: true,
				content: json({
					type: 'object',
					required: ['token', 'nonce', 'deviceId'],
					properties: { token: { type: 'string', description: 'Nội dung quét được (liên kết …/r/<token>, token, hoặc mã như K7M-4QX)' }, ...scanContext }
				})
			},
			responses: { '200': { description: 'Kết quả (mọi mã kết quả đều là 200)', content: json(ref('ScanResult')) }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/checkin/manual': {
		parameters: eventParam,
		post: {
			summary: 'Check-in đại biểu chọn từ danh sách (không có QR)',
			operationId: 'checkinManual',
			requestBody: {
				required: true,
				content: json({ type: 'object', required: ['delegateId', 'nonce', 'deviceId'], properties: { delegateId: { type: 'integer' }, ...scanContext } })
			},
			responses: { '200': { description: 'Kết quả', content: json(ref('ScanResult')) }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/checkin/undo': {
		parameters: eventParam,
		post: {
			summary: 'Hoàn tác một lượt check-in nhầm (ghi nhật ký)',
			operationId: 'checkinUndo',
			requestBody: {
				required: true,
				content: json({ type: 'object', required: ['delegateId'], properties: { delegateId: { type: 'integer' }, reason: { type: 'string' } } })
			},
			responses: {
				'200': { description: 'Đã hoàn tác', content: json({ type: 'object', properties: { delegateId: { type: 'integer' }, checkInId: { type: 'integer' } } }) },
				...errorResponses(400, 403, 404, 409)
			}
		}
	},
	'/events/{eventId}/checkin/sync': {
		parameters: eventParam,
		post: {
			summary: 'Đồng bộ các lượt quét xếp hàng khi mất mạng (xung đột: giờ sớm nhất thắng, vẫn chỉ một lượt check-in)',
			operationId: 'checkinSync',
			requestBody: {
				required: true,
				content: json({
					type: 'object',
					required: ['items'],
					properties: {
						items: {
							type: 'array',
							maxItems: 500,
							items: {
								type: 'object',
								required: ['nonce', 'deviceId'],
								properties: {
									kind: { type: 'string', enum: ['checkin', 'refused'], default: 'checkin' },
									token: { type: 'string' },
									delegateId: { type: 'integer' },
									reason: { type: 'string', description: 'refused: lý do thiết bị đã hiện' },
									...scanContext
								}
							}
						}
					}
				})
			},
			responses: {
				'200': {
					description: 'Kết quả theo từng mục, cùng thứ tự',
					content: json({
						type: 'object',
						properties: {
							results: { type: 'array', items: { type: 'object', properties: { nonce: { type: 'string' }, deviceId: { type: 'string' }, result: ref('ScanResult') } } }
						}
					})
				},
				...errorResponses(400, 403, 404)
			}
		}
	},
	'/events/{eventId}/checkin/walk-ins': {
		parameters: eventParam,
		post: {
			summary: 'Thêm đại biểu không có trong danh sách tại cửa và check-in ngay',
			operationId: 'checkinWalkIn',
			requestBody: {
				required: true,
				content: json({
					type: 'object',
					required: ['fullName', 'tierId', 'nonce', 'deviceId'],
					properties: {
						fullName: { type: 'string' },
						salutation: { type: 'string', enum: ['Ông', 'Bà'] },
						position: { type: 'string' },
						unit: { type: 'string' },
						phone: { type: 'string' },
						tierId: { type: 'integer' },
						...scanContext
					}
				})
			},
			responses: { '201': { description: 'Đã thêm và check-in', content: json(ref('ScanResult')) }, ...errorResponses(400, 403, 404, 409) }
		}
	},
	'/events/{eventId}/checkin/counts': {
		parameters: eventParam,
		get: {
			summary: 'Số có mặt / dự kiến theo cấp và đơn vị, người đến gần nhất, lãnh đạo có mặt',
			operationId: 'checkinCounts',
			responses: { '200': { description: 'OK', content: json(ref('CheckinSummary')) }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/checkin/roster': {
		parameters: eventParam,
		get: {
			summary: 'Danh sách cho máy quét khi mất mạng: SHA-256 của token, thông tin hiển thị, ai đã vào (chỉ lễ tân; không lưu đệm)',
			operationId: 'checkinRoster',
			responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/checkin/stream': {
		parameters: eventParam,
		get: {
			summary: 'Luồng sự kiện (text/event-stream): mỗi thay đổi check-in một sự kiện `checkin`',
			operationId: 'checkinStream',
			description:
				'`hello` khi kết nối; `checkin` cho mỗi thay đổi (đến, hoàn tác, khách vãng lai); `resync` khi máy chủ vừa kết nối lại cơ sở dữ liệu sau khi mất kết nối: các thay đổi trong khoảng đó không được phát, hãy đọc lại số liệu (GET …/checkin/counts).',
			responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/checkin/attendance': {
		parameters: eventParam,
		get: {
			summary: 'Điểm danh từng đại biểu: check-in, đánh dấu tay, lý do vắng',
			operationId: 'checkinAttendance',
			responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/checkin/marks': {
		parameters: eventParam,
		put: {
			summary: 'Đánh dấu điểm danh bằng tay (có mặt / vắng có lý do / có mặt một phần; status rỗng để bỏ)',
			operationId: 'checkinMarks',
			requestBody: {
				required: true,
				content: json({
					type: 'object',
					properties: {
						marks: {
							type: 'array',
							items: {
								type: 'object',
								required: ['delegateId'],
								properties: { delegateId: { type: 'integer' }, status: { type: ['string', 'null'], enum: ['present', 'absent', 'partial', null] }, note: { type: 'string' } }
							}
						}
					}
				})
			},
			responses: { '200': { description: 'OK', content: json({ type: 'object', properties: { changed: { type: 'integer' } } }) }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/checkin/refused': {
		parameters: eventParam,
		get: {
			summary: 'Các lượt quét bị từ chối và lý do',
			operationId: 'checkinRefused',
			responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) }
		}
	}
};
