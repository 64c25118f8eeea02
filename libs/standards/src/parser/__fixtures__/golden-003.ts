import type { GoldenDocument } from './golden-types';

const LEAD_HEALTH = '市卫生健康委。';
const SHARED_FUNDING = '中央财政、市级财政和区级财政共同承担支出责任。';

/**
 * 003: a province-level consultation draft (北京). Items are 「N.名称。」 with 「（n）」 sub-items (16, 53,
 * 64); subcategories are 「（一）…」; several category and subcategory headings were lost in conversion
 * (the first category is missing entirely); bookmark tags; one label variant 「牵头责任单位」.
 */
export const golden003: GoldenDocument = {
  file: '003_d2c032a64aa52382.txt',
  layout: 'numbered-items',
  entryCount: 93,
  itemCount: 89,
  metadata: {
    title: { value: '北京市基本公共服务实施标准（2023年版）（征求意见稿）', inferred: false, line: 1 },
    docNo: null,
    issuers: null,
    division: { name: '北京市', level: 'province', inferred: false, line: 1 },
    version: { value: '2023年版', inferred: false, line: 1 },
    signedDate: null,
    effectiveDate: null,
    status: { value: 'draft', inferred: false, line: 1 },
  },
  items: [
    {
      // L2–L8: no category heading precedes the first item; trailing spaces on every line.
      printedNumber: '1.',
      sequence: 1,
      subItem: null,
      name: '免费孕前优生健康检查',
      category: null,
      subcategory: '（一）优孕优生服务',
      startLine: 3,
      endLine: 8,
      fields: {
        服务对象: { text: '本市常住人口中符合生育政策并准备怀孕的居民。', startLine: 4, endLine: 4 },
        服务内容: {
          text: '提供优生健康教育、体格检查、临床实验室检查、影像学检查、风险评估、咨询指导等孕前优生健康检查服务。',
          startLine: 5,
          endLine: 5,
        },
        服务标准: {
          text: '按照国家卫生健康委《新划入基本公共卫生服务相关工作规范（2019 年版）》《关于落实生育全程服务推进婚前与孕前保健工作的通知》（京卫老年妇幼〔2018〕22 号）等有关规定执行。',
          startLine: 6,
          endLine: 6,
        },
        支出责任: { text: SHARED_FUNDING, startLine: 7, endLine: 7 },
        牵头负责单位: { text: LEAD_HEALTH, startLine: 8, endLine: 8 },
      },
    },
    {
      // L95–L101: item 16 is split; its first sub-item. Headings 二、学有所教 / （四）… were lost.
      printedNumber: '16.',
      sequence: 16,
      subItem: '（1）',
      name: '义务教育寄宿学生生活补助',
      category: null,
      subcategory: '（三）儿童关爱服务',
      startLine: 96,
      endLine: 101,
      fields: {
        服务对象: {
          text: '具有本市学籍，在本市义务教育学校就读的建档立卡贫困家庭学生、城乡低保家庭寄宿学生、特殊教育学校就读的残疾寄宿学生（含随班就读学生）、中心城区以外的公办农村寄宿制中小学就读的寄宿学生、工读学校就读的寄宿学生。',
          startLine: 97,
          endLine: 97,
        },
        服务内容: { text: '对符合条件的义务教育寄宿学生提供生活补助。', startLine: 98, endLine: 98 },
        服务标准: { text: '小学每生每年3000元、初中每生每年3600元。', startLine: 99, endLine: 99 },
        支出责任: { text: SHARED_FUNDING, startLine: 100, endLine: 100 },
        牵头负责单位: { text: '市教委。', startLine: 101, endLine: 101 },
      },
    },
    {
      // L303–L308: the lead-unit label is printed 「牵头责任单位」 (L308).
      printedNumber: '49.',
      sequence: 49,
      subItem: null,
      name: '职业病防治',
      category: '三、劳有所得',
      subcategory: '（八）就业创业服务',
      startLine: 303,
      endLine: 308,
      fields: {
        服务对象: { text: '本市范围内企业、事业单位和个体经济组织等用人单位的劳动者。', startLine: 304, endLine: 304 },
        服务内容: {
          text: '职业病危害因素监测、重点职业病监测、医疗卫生机构医用辐射防护监测、非医疗机构放射性危害因素监测、职业性放射性疾病监测。',
          startLine: 305,
          endLine: 305,
        },
        服务标准: {
          text: '按照国家卫生健康委《新划入基本公共卫生服务相关工作规范（2019年版）》及相应工作规范执行。',
          startLine: 306,
          endLine: 306,
        },
        支出责任: { text: SHARED_FUNDING, startLine: 307, endLine: 307 },
        牵头负责单位: { text: LEAD_HEALTH, startLine: 308, endLine: 308 },
      },
    },
    {
      // L327–L333: 53.(1).
      printedNumber: '53.',
      sequence: 53,
      subItem: '（1）',
      name: '独生子女死亡家庭',
      category: '三、劳有所得',
      subcategory: '（八）就业创业服务',
      startLine: 328,
      endLine: 333,
      fields: {
        服务对象: {
          text: '在国家提倡一对夫妻生育一个子女期间，北京市户籍、1933年1月1日以后出生、女方年满49周岁（离婚或丧偶的单亲家庭，男方或女方须年满49周岁）、只生育一个子女或合法收养一个子女、现无存活子女。',
          startLine: 329,
          endLine: 329,
        },
        服务内容: { text: '为符合条件的服务对象发放特别扶助金。', startLine: 330, endLine: 330 },
        服务标准: { text: '每人每月900元，按年计算，自符合条件的下一年度起，以个人为单位每年发放1次。', startLine: 331, endLine: 331 },
        支出责任: { text: '中央财政、市财政、区财政共同承担支出责任。', startLine: 332, endLine: 332 },
        牵头负责单位: { text: LEAD_HEALTH, startLine: 333, endLine: 333 },
      },
    },
    {
      // L334–L339: 53.(2).
      printedNumber: '53.',
      sequence: 53,
      subItem: '（2）',
      name: '独生子女伤残',
      category: '三、劳有所得',
      subcategory: '（八）就业创业服务',
      startLine: 334,
      endLine: 339,
      fields: {
        服务对象: {
          text: '在国家提倡一对夫妻生育一个子女期间，北京市户籍、1933年1月1日以后出生、女方年满49周岁（离婚或丧偶的单亲家庭，男方或女方须年满49周岁）、合法生育（或收养）一个子女或合法生育（或收养）两个子女现存活一个、现存活的独生子女为三级以上残疾（含）且持有第二代《残疾人证》。',
          startLine: 335,
          endLine: 335,
        },
        服务内容: { text: '为符合条件的服务对象发放特别扶助金。', startLine: 336, endLine: 336 },
        服务标准: { text: '每人每月740元，按年计算，自符合条件的下一年度起，以个人为单位每年发放1次。', startLine: 337, endLine: 337 },
        支出责任: { text: '中央财政、市财政、区财政共同承担支出责任。', startLine: 338, endLine: 338 },
        牵头负责单位: { text: LEAD_HEALTH, startLine: 339, endLine: 339 },
      },
    },
    {
      // L340–L345: 53.(3).
      printedNumber: '53.',
      sequence: 53,
      subItem: '（3）',
      name: '计划生育三级以上手术并发症',
      category: '三、劳有所得',
      subcategory: '（八）就业创业服务',
      startLine: 340,
      endLine: 345,
      fields: {
        服务对象: {
          text: '在国家提倡一对夫妻生育一个子女期间，外省已鉴定为计划生育三级以上手术并发症，且户籍转入本市的人员。',
          startLine: 341,
          endLine: 341,
        },
        服务内容: { text: '为符合条件的服务对象发放特别扶助金。', startLine: 342, endLine: 342 },
        服务标准: {
          text: '按照一级、二级、三级标准，每人每月分别为520元、390元、260元，按年计算，自户籍转入本市且重新申请的下一年度起，每年发放1次。',
          startLine: 343,
          endLine: 343,
        },
        支出责任: { text: '区财政承担支出责任。', startLine: 344, endLine: 344 },
        牵头负责单位: { text: LEAD_HEALTH, startLine: 345, endLine: 345 },
      },
    },
    {
      // L364–L369: leading space on the heading, bookmark tag before 支出责任 (L368).
      printedNumber: '57.',
      sequence: 57,
      subItem: null,
      name: '职工基本养老保险',
      category: '三、劳有所得',
      subcategory: '（八）就业创业服务',
      startLine: 364,
      endLine: 369,
      fields: {
        服务对象: { text: '符合条件的参保退休人员。', startLine: 365, endLine: 365 },
        服务内容: { text: '提供参保经办服务。按时足额发放基本养老金。', startLine: 366, endLine: 366 },
        服务标准: {
          text: '按照《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）、《国务院关于机关事业单位工作人员养老保险制度改革的决定》（国发〔2015〕2号）及《北京市基本养老保险规定》（北京市人民政府令183号）、《北京市机关事业单位工作人员养老保险制度改革实施办法》（京政发〔2015〕55号）等有关规定执行。',
          startLine: 367,
          endLine: 367,
        },
        支出责任: {
          text: '由用人单位和职工共同缴费。符合规定的参保人员享受职工基本养老保险待遇所需资金从职工基本养老保险基金中支付。',
          startLine: 368,
          endLine: 368,
        },
        牵头负责单位: { text: '市人力资源社会保障局。', startLine: 369, endLine: 369 },
      },
    },
    {
      // L395–L401
      printedNumber: '62.',
      sequence: 62,
      subItem: null,
      name: '最低生活保障',
      category: '七、弱有所扶',
      subcategory: null,
      startLine: 396,
      endLine: 401,
      fields: {
        服务对象: {
          text: '本市户籍居民组成的家庭，共同生活的家庭成员月人均收入低于本市当年城乡低保标准，且符合本市城乡低保家庭财产状况规定的，纳入城乡低保范围。非本市户籍居民与本市户籍居民结婚组成的家庭，非本市户籍居民持有本市居住证，且符合本市城乡低保家庭收入和家庭财产状况规定的，也可纳入本市城乡低保范围。由民政部门管理的特殊救济对象也可参照城乡低保进行服务保障。',
          startLine: 397,
          endLine: 397,
        },
        服务内容: {
          text: '为低保对象发放最低生活保障金，并给予专项救助。对获得最低生活保障金后生活仍有困难的老年人、未成年人、重度残疾人和重病患者，采取必要措施给予生活保障。',
          startLine: 398,
          endLine: 398,
        },
        服务标准: {
          text: '按照《社会救助暂行办法》（国务院令第649号）、《北京市城乡居民最低生活保障及低收入家庭救助制度实施细则》（京民社救发〔2018〕445号）等有关规定执行。城乡低保标准主要考虑居民必需的基本生活需要，按照本市上年度城镇居民人均消费支出的一定比例确定，并根据本市经济社会发展水平、物价变动和居民消费支出等情况适时调整。本市实施城乡统一的最低生活保障标准，按月发放低保金。',
          startLine: 399,
          endLine: 399,
        },
        支出责任: { text: '区级财政承担支出责任，中央财政、市级财政适当补助。', startLine: 400, endLine: 400 },
        牵头负责单位: { text: '市民政局。', startLine: 401, endLine: 401 },
      },
    },
  ],
};
