import { defineError } from '@benefits/kernel';

/** Errors of the catalog, parameter series and rule packs a user can cause; codes are stable. */
export const StandardsErrors = {
  DOCUMENT_UNPARSEABLE: defineError(
    'DOCUMENT_UNPARSEABLE',
    422,
    '无法解析该标准文件，未导入任何内容',
    'the standards document could not be parsed; nothing was imported',
  ),
  DIVISION_LEVEL_MISMATCH: defineError(
    'DIVISION_LEVEL_MISMATCH',
    422,
    '行政区划代码的层级与文件所述的发布层级不一致（省/市/区县）',
    "the division code's level does not match the level the document states (province / city / county)",
  ),
  DOCUMENT_ALREADY_IMPORTED: defineError(
    'DOCUMENT_ALREADY_IMPORTED',
    409,
    '该文件已作为另一行政区划的标准导入；同一文件只能属于一个行政区划',
    'this document is already imported as the standard of another division; a document belongs to one division',
  ),
  STANDARD_NOT_FOUND: defineError('STANDARD_NOT_FOUND', 404, '未找到该标准', 'no such standard'),
  VERSION_NOT_FOUND: defineError('VERSION_NOT_FOUND', 404, '未找到该标准版本', 'no such standard version'),
  ACTIVATION_OUTSIDE_STANDARD: defineError(
    'ACTIVATION_OUTSIDE_STANDARD',
    422,
    '只能在标准所属行政区划或其下级区划启用该标准',
    "a standard can only be activated for its own division or a division under it",
  ),
  DIVISION_OUT_OF_SCOPE: defineError(
    'DIVISION_OUT_OF_SCOPE',
    403,
    '您只能为本级及下级行政区划办理此项业务',
    'you may only act for your own division or divisions under it',
  ),
  UNKNOWN_PARAMETER: defineError('UNKNOWN_PARAMETER', 404, '没有这个参数', 'no such parameter'),
  PARAMETER_VALUE_INVALID: defineError(
    'PARAMETER_VALUE_INVALID',
    400,
    '参数值与该参数的类型不符',
    "the value does not fit the parameter's kind",
  ),
  PARAMETER_DATE_INVALID: defineError(
    'PARAMETER_DATE_INVALID',
    400,
    '参数的生效日期不符合该参数的发布周期（例如低保标准按月，应为某月1日）',
    "the effective date does not fit the parameter's period (e.g. 低保标准 is monthly: the 1st of a month)",
  ),
  PARAMETER_ALREADY_PUBLISHED: defineError(
    'PARAMETER_ALREADY_PUBLISHED',
    409,
    '该日期已公布了不同的参数值；如需更正，请以更正方式提交并注明被更正的记录',
    'a different value is already published for that date; publish a correction that names the entry it supersedes',
  ),
  SUPERSEDED_ENTRY_NOT_FOUND: defineError(
    'SUPERSEDED_ENTRY_NOT_FOUND',
    422,
    '要更正的参数记录不存在（须为同一参数、同一区划的记录）',
    'the entry to correct does not exist in this parameter series (same parameter and division)',
  ),
  ENTRY_ALREADY_SUPERSEDED: defineError(
    'ENTRY_ALREADY_SUPERSEDED',
    409,
    '该参数记录已被更正过，请更正最新的记录',
    'that entry has already been corrected; correct the latest entry instead',
  ),
  RULE_PACK_INVALID: defineError(
    'RULE_PACK_INVALID',
    422,
    '规则包无法加载：引用与标准条目不符',
    'the rule pack cannot be loaded: a citation does not match the catalogued standard',
  ),
  RULE_PACK_NOT_USABLE: defineError(
    'RULE_PACK_NOT_USABLE',
    422,
    '该规则包所依据的标准版本在该区划该日期不生效（征求意见稿或未注明日期的文件须先经授权启用）',
    'the standard version of this rule pack is not in force for that division and date (a draft or undated document must be activated first)',
  ),
  RULE_PACK_EXISTS: defineError(
    'RULE_PACK_EXISTS',
    409,
    '已有同一编号的规则包且内容不同；规则包发布后不可修改，更正请使用新的编号发布',
    'a rule pack with this id exists with other content; a published pack is never edited — publish the correction under a new id',
  ),
  RULE_PACK_ID_INVALID: defineError(
    'RULE_PACK_ID_INVALID',
    422,
    '规则包编号须为「待遇-标准所属区划代码-版次」，且与规则包的待遇和标准一致',
    'a rule pack id is <benefit>-<division code of its standard>-<edition> and must agree with the pack',
  ),
  RULE_PACK_SHAPE_INVALID: defineError(
    'RULE_PACK_SHAPE_INVALID',
    422,
    '规则包的参数不能被该待遇的计算规则使用（未知参数、类型不符或缺少必需参数）',
    "the pack's parameters cannot be used by the benefit's rules (unknown key, wrong kind or a required key missing)",
  ),
} as const;
