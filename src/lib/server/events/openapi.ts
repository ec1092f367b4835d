/** OpenAPI paths for events and tiers. */
import { errorResponses, idParameter } from '$lib/server/api/helpers';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const eventSchemas = {
	Tier: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			name: { type: 'string', examples: ['Cấp tỉnh'] },
			position: { type: 'integer' },
			isLeader: { type: 'boolean', description: 'Cấp lãnh đạo: được chú ý khi đến (check-in)' }
		}
	},
	EventInput: {
		type: 'object',
		properties: {
			kind: { type: 'string', enum: ['so_ket', 'tong_ket', 'other'] },
			title: { type: 'string', maxLength: 300 },
			movement: { type: 'string' },
			periodLabel: { type: 'string', examples: ['giai đoạn 2021 - 2025'] },
			startsAt: { type: 'string', format: 'date-time', description: 'ISO 8601; không có múi giờ thì hiểu là giờ Việt Nam' },
			endsAt: { type: ['string', 'null'], format: 'date-time' },
			venue: { type: 'string' },
			address: { type: 'string' },
			organiserName: { type: 'string' },
			authorityParent: { type: 'string', examples: ['ỦY BAN NHÂN DÂN'] },
			authorityName: { type: 'string', examples: ['TỈNH NINH THUẬN'] },
			placeName: { type: 'string', examples: ['Ninh Thuận'] },
			docNumber: { type: 'string' },
			docSymbol: { type: 'string', examples: ['GM-UBND'] },
			signerPrefix: { type: 'string', examples: ['KT. CHỦ TỊCH'] },
			signerTitle: { type: 'string', examples: ['PHÓ CHỦ TỊCH'] },
			signerName: { type: 'string' },
			notes: { type: 'string' }
		}
	},
	Event: {
		allOf: [
			ref('EventInput'),
			{
				type: 'object',
				properties: {
					id: { type: 'integer' },
					organisationId: { type: 'integer' },
					status: { type: 'string', enum: ['upcoming', 'ongoing', 'finished', 'archived'] },
					archivedAt: { type: ['string', 'null'], format: 'date-time' },
					tiers: { type: 'array', items: ref('Tier') }
				}
			}
		]
	}
};

export const eventPaths = {
	'/me': {
		get: {
			summary: 'Tài khoản đang dùng khóa API và vai trò theo đơn vị',
			operationId: 'getMe',
			responses: { '200': { description: 'OK' }, ...errorResponses() }
		}
	},
	'/events': {
		get: {
			summary: 'Danh sách hội nghị của các đơn vị mà tài khoản thuộc về',
			operationId: 'listEvents',
			parameters: [
				{ name: 'archived', in: 'query', schema: { type: 'boolean' }, description: 'Gồm cả hội nghị đã lưu trữ' }
			],
			responses: {
				'200': { description: 'OK', content: json({ type: 'object', properties: { events: { type: 'array', items: ref('Event') } } }) },
				...errorResponses()
			}
		},
		post: {
			summary: 'Tạo hội nghị',
			operationId: 'createEvent',
			requestBody: {
				required: true,
				content: json({
					allOf: [
						ref('EventInput'),
						{
							type: 'object',
							required: ['organisationId', 'kind', 'title', 'startsAt'],
							properties: {
								organisationId: { type: 'integer' },
								tierPreset: { type: 'string', enum: ['four_levels_2024', 'two_levels_2025'] },
								tiers: { type: 'array', items: ref('Tier') }
							}
						}
					]
				})
			},
			responses: { '201': { description: 'Đã tạo', content: json(ref('Event')) }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}': {
		parameters: [idParameter('eventId', 'Mã hội nghị')],
		get: {
			summary: 'Chi tiết hội nghị',
			operationId: 'getEvent',
			responses: { '200': { description: 'OK', content: json(ref('Event')) }, ...errorResponses(403, 404) }
		},
		patch: {
			summary: 'Sửa thông tin hội nghị (chỉ các trường gửi lên)',
			operationId: 'updateEvent',
			requestBody: { required: true, content: json(ref('EventInput')) },
			responses: { '200': { description: 'OK', content: json(ref('Event')) }, ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/archive': {
		parameters: [idParameter('eventId', 'Mã hội nghị')],
		post: {
			summary: 'Lưu trữ (archived: true) hoặc bỏ lưu trữ (archived: false)',
			operationId: 'archiveEvent',
			requestBody: { content: json({ type: 'object', properties: { archived: { type: 'boolean', default: true } } }) },
			responses: { '200': { description: 'OK', content: json(ref('Event')) }, ...errorResponses(403, 404) }
		}
	},
	'/events/{eventId}/tiers': {
		parameters: [idParameter('eventId', 'Mã hội nghị')],
		get: {
			summary: 'Các cấp đại biểu theo thứ tự',
			operationId: 'listTiers',
			responses: { '200': { description: 'OK', content: json({ type: 'object', properties: { tiers: { type: 'array', items: ref('Tier') } } }) }, ...errorResponses(403, 404) }
		},
		put: {
			summary: 'Thay toàn bộ danh sách cấp (giữ id để đổi tên/thứ tự; cấp còn đại biểu không xóa được)',
			operationId: 'setTiers',
			requestBody: { required: true, content: json({ type: 'object', properties: { tiers: { type: 'array', items: ref('Tier') } } }) },
			responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404, 409) }
		}
	}
};
