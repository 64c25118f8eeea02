import type { GoldenDocument } from './golden-types';

/**
 * 001: a city standard (嘉兴) issued with a notice. PDF conversion: every line followed by a blank line,
 * fields hard-wrapped mid-word across blank lines, spaced digits (「年满 60 周岁」), half- and
 * full-width parentheses mixed in item numbers, a table of contents with tab + page number.
 */
export const golden001: GoldenDocument = {
  file: '001_40e26111df30cc0a.txt',
  layout: 'labelled-blocks',
  entryCount: 105,
  itemCount: 105,
  metadata: {
    title: { value: '嘉兴市基本公共服务标准（2023年版）', inferred: false, line: 110 },
    docNo: { value: '嘉发改〔2024〕64号', inferred: false, line: 18 },
    issuers: {
      first: { value: '嘉兴市发展和改革委员会', inferred: false, line: 40 },
      last: { value: '嘉兴市邮政管理局', inferred: false, line: 106 },
      count: 23,
    },
    division: { name: '嘉兴市', level: 'city', inferred: false, line: 110 },
    version: { value: '2023年版', inferred: false, line: 110 },
    signedDate: { value: '2024-06-21', inferred: false, line: 108 },
    // L38 「本文件自 2024 年 7 月 22 日起施行。」
    effectiveDate: { value: '2024-07-22', inferred: false, line: 38 },
    // Not labelled final; an issued notice with a 文号 and no draft label.
    status: { value: 'final', inferred: true, line: 18 },
  },
  items: [
    {
      // L169–L181: 服务标准 wrapped across a blank line (L175 → L177); spaced digits kept verbatim.
      printedNumber: '(2)',
      sequence: 2,
      subItem: null,
      name: '产前筛查和诊断',
      category: '一、幼有所育',
      subcategory: '1. 优孕优生服务',
      startLine: 169,
      endLine: 181,
      fields: {
        服务对象: { text: '辖区内符合条件的孕妇。', startLine: 171, endLine: 171 },
        服务内容: {
          text: '为夫妇一方是本地户籍、孕 15 周至 20 周+6 天的孕妇，免费开展 1 次中孕期血清学产前筛查（唐氏综合征产前筛查和血清游离雌三醇含量检测）；为夫妇一方是本地户籍、血清学产前筛查结果高风险的孕妇，免费开展 1 次羊水穿刺胎儿染色体产前诊断。',
          startLine: 173,
          endLine: 173,
        },
        服务标准: {
          text: '按照《嘉兴市卫生健康委 嘉兴市财政局关于做好出生缺陷预防项目工作的通知》规定执行。',
          startLine: 175,
          endLine: 177,
        },
        支出责任: {
          text: '按照《浙江省医疗卫生领域财政事权和支出责任划分改革实施方案》规定执行，市级由市、区政府分级负责。',
          startLine: 179,
          endLine: 179,
        },
        牵头负责单位: { text: '市卫生健康委。', startLine: 181, endLine: 181 },
      },
    },
    {
      // L221–L235: a hard wrap (L227 → L229) and a new numbered paragraph 「2. 」 (L231) that must not be
      // taken for a subcategory heading.
      printedNumber: '(6)',
      sequence: 6,
      subItem: null,
      name: '基本避孕服务',
      category: '一、幼有所育',
      subcategory: '1. 优孕优生服务',
      startLine: 221,
      endLine: 235,
      fields: {
        服务对象: { text: '育龄人群。', startLine: 223, endLine: 223 },
        服务内容: {
          text: '免费提供基本避孕药具和免费实施基本避孕手术，包括放置宫内节育器术、取出宫内节育器术、放置皮下埋植剂术、取出皮下埋植剂术、输卵管绝育术、输卵管吻合术、输精管绝育术、输精管吻合术。',
          startLine: 225,
          endLine: 225,
        },
        服务标准: {
          text:
            '1. 免费基本避孕药具：在省级集中采购环节用于购买免费基本避孕药具；在市、县、镇（街道）各级存储和调拨环节主要用于药具运输、仓储设备购置和维护，仓储场地租用、质量抽查检测、记录等工作；在发放服务环节主要用于服务机构开展咨询指导、初诊排查、提供药具和信息登记等服务。\n' +
            '2. 免费基本避孕手术和随访服务：免费基本避孕手术结算标准按照当地卫生健康行政部门、财政部门、医保部门等印发的现行医疗服务价目执行，结算项目内容依据《临床诊疗指南与技术操作规范：计划生育分册》（2017修订版）《绝经后宫内节育器取出技术指南》《浙江省新划入基本公共卫生服务项目（2020版）》确定。',
          startLine: 227,
          endLine: 231,
        },
        支出责任: {
          text: '按照《浙江省医疗卫生领域财政事权和支出责任划分改革实施方案》规定执行，市级由市、区政府分级负责。',
          startLine: 233,
          endLine: 233,
        },
        牵头负责单位: { text: '市卫生健康委。', startLine: 235, endLine: 235 },
      },
    },
    {
      // L845–L857: 服务标准 wrapped after 「或」 (L851 → L853), 「年满 60 周岁」 with spaced digits.
      printedNumber: '(52)',
      sequence: 52,
      subItem: null,
      name: '计划生育家庭特别扶助',
      category: '四、病有所医',
      subcategory: '12. 计划生育扶助服务',
      startLine: 845,
      endLine: 857,
      fields: {
        服务对象: { text: '独生子女伤残死亡家庭夫妇和三级以上计划生育手术并发症人员。', startLine: 847, endLine: 847 },
        服务内容: {
          text: '为符合条件的计划生育特殊家庭夫妇和三级以上计划生育手术并发症人员提供特别扶助金。',
          startLine: 849,
          endLine: 849,
        },
        服务标准: {
          text: '按照《浙江省卫生健康委员会 浙江省财政厅关于提高计划生育家庭特别扶助制度扶助标准的通知》《嘉兴市卫生健康委 嘉兴市财政局关于进一步完善计划生育家庭特别扶助制度扶助标准的通知》等有关规定执行。女方年满49周岁的独生子女死亡家庭夫妻的特别扶助金标准为每人每月1000元。女方年满49周岁的独生子女伤残家庭夫妻的特别扶助金标准，其中：未满60周岁的，或年满60周岁且已享受政府养老服务补贴的伤残家庭男方或女方，特扶金标准为每人每月850元；未满60周岁但失能、失智等生活不能自理的，或年满 60 周岁且未享受政府养老服务补贴的伤残家庭男方或女方，特扶金标准为每人每月 1000 元。计划生育手术并发症一级、二级、三级人员每人每月扶助金分别为 820 元、590 元、360 元。',
          startLine: 851,
          endLine: 853,
        },
        支出责任: {
          text: '按照《浙江省医疗卫生领域财政事权和支出责任划分改革实施方案》规定执行，市级由市、区政府分级负责。',
          startLine: 855,
          endLine: 855,
        },
        牵头负责单位: { text: '市卫生健康委。', startLine: 857, endLine: 857 },
      },
    },
    {
      // L999–L1011: 服务内容 wrapped mid-word (「获得最低」 L1003 → 「生活保障金」 L1005).
      printedNumber: '(63)',
      sequence: 63,
      subItem: null,
      name: '最低生活保障',
      category: '七、弱有所扶',
      subcategory: '17.社会救助服务',
      startLine: 999,
      endLine: 1011,
      fields: {
        服务对象: {
          text: '共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的家庭。',
          startLine: 1001,
          endLine: 1001,
        },
        服务内容: {
          text: '为低保对象发放最低生活保障金。对获得最低生活保障金后生活仍有困难的老年人、未成年人、重度残疾人和重病患者，采取必要措施给予生活保障。',
          startLine: 1003,
          endLine: 1005,
        },
        服务标准: {
          text: '按照《社会救助暂行办法》《浙江省社会救助条例》《浙江省最低生活保障办法》相关规定执行。低保对象救助的具体事项、标准，由市人民政府规定，现行标准按不高于上年度全市城镇居民人均生活消费支出的35%确定，且年增幅不低于人均可支配收入增幅。',
          startLine: 1007,
          endLine: 1007,
        },
        支出责任: { text: '市、县（市、区）人民政府分级负责，上级财政适当补助。', startLine: 1009, endLine: 1009 },
        牵头负责单位: { text: '市民政局。', startLine: 1011, endLine: 1011 },
      },
    },
    {
      // L1013–L1023: full-width parentheses next to the half-width (63).
      printedNumber: '（64）',
      sequence: 64,
      subItem: null,
      name: '特困人员救助供养',
      category: '七、弱有所扶',
      subcategory: '17.社会救助服务',
      startLine: 1013,
      endLine: 1023,
      fields: {
        服务对象: {
          text: '无劳动能力、无生活来源且无法定赡养、抚养、扶养义务人，或者其法定义务人无赡养、抚养、扶养能力的老年人、残疾人以及未成年人。',
          startLine: 1015,
          endLine: 1015,
        },
        服务内容: { text: '提供基本生活条件、照料护理、疾病治疗、住房救助、教育救助、丧葬服务。', startLine: 1017, endLine: 1017 },
        服务标准: {
          text: '按照《社会救助暂行办法》《浙江省社会救助条例》相关规定执行。特困供养标准，由市级人民政府确定、公布，现行标准按不低于上年度当地城镇居民家庭人均消费性支出的50%确定，实行城乡统筹。',
          startLine: 1019,
          endLine: 1019,
        },
        支出责任: { text: '市、县（市、区）人民政府分级负责，上级财政适当补助。', startLine: 1021, endLine: 1021 },
        牵头负责单位: { text: '市民政局。', startLine: 1023, endLine: 1023 },
      },
    },
    {
      // L1555–L1565: the last item; 「抄送：」 (L1567) and the 印发 line (L1569) are end matter, not field text.
      printedNumber: '(105)',
      sequence: 105,
      subItem: null,
      name: '惠民殡葬',
      category: '十一、事有所便',
      subcategory: '26.殡葬公共服务',
      startLine: 1555,
      endLine: 1565,
      fields: {
        服务对象: {
          text: '具有嘉兴所属地户籍的城乡居民死亡并在户籍地辖区殡仪馆办理火化事宜的，或非嘉兴所属地户籍的公民在嘉兴所属地死亡并在死亡地辖区殡仪馆办理火化事宜的，免除基本殡葬服务费用。',
          startLine: 1557,
          endLine: 1557,
        },
        服务内容: {
          text: '为符合条件的群众按标准直接免除遗体接运、遗体存放、遗体告别、遗体火化、骨灰寄存、生态安葬等基本殡葬服务费用，对特定人群（城乡最低生活保障户、最低生活保障边缘户、特困供养人员；退役军人、烈士遗属、因公牺牲军人遗属、病故军人遗属；困难残疾人和重度残疾人；城镇困难职工）的逝者，可结合属地实际情况给予额外的丧葬用品或服务项目等减免。',
          startLine: 1559,
          endLine: 1559,
        },
        服务标准: {
          text: '按照《省委办公厅 省政府办公厅关于进一步深化殡葬改革的意见》《浙江省实行群众“身后事”基本服务免费实施方案》《嘉兴市实行群众“身后事”基本服务免费实施方案》等规定执行。按“就多不就少”的原则，有条件的地区可结合实际，加大减免群众丧葬费用的力度、扩大惠民服务项目范围。',
          startLine: 1561,
          endLine: 1561,
        },
        支出责任: { text: '市、县（市、区）人民政府分级负责。', startLine: 1563, endLine: 1563 },
        牵头负责单位: { text: '市民政局。', startLine: 1565, endLine: 1565 },
      },
    },
  ],
};
