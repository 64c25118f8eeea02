import type { GoldenDocument } from './golden-types';

/**
 * 000: a district implementation standard (瓯海). No title, 文号, issuer or dates in the text; item
 * numbers carry Word tracked-change residue (old and new number printed together, a shared leading
 * digit printed once), bookmark tags, one hard-wrapped field, two fields on one line and one field
 * label split by a spliced deleted sentence.
 */
export const golden000: GoldenDocument = {
  file: '000_0f5b4a98bdcb2c7b.txt',
  layout: 'labelled-blocks',
  entryCount: 101,
  itemCount: 101,
  metadata: {
    title: null,
    docNo: null,
    issuers: null,
    // L303 「《温州市瓯海区人民政府关于调整…》」; every lead unit is a 区… body.
    division: { name: '温州市瓯海区', level: 'district', inferred: true, line: 303 },
    version: null,
    signedDate: null,
    effectiveDate: null,
    status: null,
  },
  items: [
    {
      // L59–L65: 服务标准 hard-wrapped after 「、」 (L62 → L63).
      printedNumber: '（10）',
      sequence: 10,
      subItem: null,
      name: '特殊儿童群体基本生活保障',
      category: '一、幼有所育',
      subcategory: '3.儿童关爱服务',
      startLine: 59,
      endLine: 65,
      fields: {
        服务对象: { text: '孤儿、艾滋病病毒感染儿童、事实无人抚养儿童。', startLine: 60, endLine: 60 },
        服务内容: { text: '为孤儿、艾滋病病毒感染儿童、事实无人抚养儿童发放基本生活补贴。', startLine: 61, endLine: 61 },
        服务标准: {
          text: '儿童福利机构养育的孤儿、社会散居孤儿、艾滋病病毒感染儿童、事实无人抚养儿童年基本生活最低养育标准按不低于当地上年度城镇常住居民人均生活消费支出的70%确定。',
          startLine: 62,
          endLine: 63,
        },
        支出责任: { text: '区人民政府负责，省级财政适当补助.', startLine: 64, endLine: 64 },
        牵头负责单位: { text: '区民政局。', startLine: 65, endLine: 65 },
      },
    },
    {
      // L72–L77: the bookmark tag at the start of L77 is conversion noise.
      printedNumber: '（12）',
      sequence: 12,
      subItem: null,
      name: '农村留守儿童关爱保护',
      category: '一、幼有所育',
      subcategory: '3.儿童关爱服务',
      startLine: 72,
      endLine: 77,
      fields: {
        服务对象: {
          text: '父母双方外出务工或一方外出务工另一方无监护能力或者无法履行监护责任，本人留在户籍地（或常住所在地）、不满16周岁的农村户籍未成年人。',
          startLine: 73,
          endLine: 73,
        },
        服务内容: { text: '指导落实家庭主体监护责任，提供家庭监护指导、心理关爱、行为矫治等服务。', startLine: 74, endLine: 74 },
        服务标准: {
          text: '按照《国务院关于加强农村留守儿童关爱保护工作的意见》及地方相关标准执行，农村留守儿童信息系统一季度更新一次；村（居）委会建立农村留守儿童信息台账，一人一档，村（居）委会儿童主任定期走访，并有详细走访记录。',
          startLine: 75,
          endLine: 75,
        },
        支出责任: { text: '区人民政府。', startLine: 76, endLine: 76 },
        牵头负责单位: { text: '区民政局、区妇联。', startLine: 77, endLine: 77 },
      },
    },
    {
      // L78–L83: a single number that continues the superseded numbering (deleted item in the redline).
      printedNumber: '（13）',
      sequence: 13,
      subItem: null,
      name: '自闭症儿童点亮蓝灯爱心计划',
      category: '一、幼有所育',
      subcategory: '3.儿童关爱服务',
      startLine: 78,
      endLine: 83,
      fields: {
        服务对象: { text: '本地户籍2-7岁自闭症儿童。', startLine: 79, endLine: 79 },
        服务内容: { text: '为符合条件的儿童发放爱心补助。', startLine: 80, endLine: 80 },
        服务标准: { text: '儿童每人每年2000元。', startLine: 81, endLine: 81 },
        支出责任: { text: '区人民政府负责。', startLine: 82, endLine: 82 },
        牵头负责单位: { text: '区教育局。', startLine: 83, endLine: 83 },
      },
    },
    {
      // L306–L311: （5047） = 50→47. The headings 四、病有所医 / 12.计划生育扶助服务 were lost in
      // conversion, so the last headings printed above it (L136, L281) apply.
      printedNumber: '（5047）',
      sequence: 47,
      subItem: null,
      name: '计划生育家庭特别扶助',
      category: '三、劳有所得',
      subcategory: '10.医疗保险服务',
      startLine: 306,
      endLine: 311,
      fields: {
        服务对象: { text: '独生子女伤残死亡家庭夫妇和三级以上计划生育手术并发症人员。', startLine: 307, endLine: 307 },
        服务内容: {
          text: '为符合条件的计划生育特殊家庭夫妇和三级以上计划生育手术并发症人员提供特别扶助金。',
          startLine: 308,
          endLine: 308,
        },
        服务标准: {
          text: '按照《浙江省卫生健康委员会 浙江省财政厅关于提高计划生育家庭特别扶助制度扶助标准的通知》（浙卫发〔2023〕36号）及《温州市瓯海区卫生和计划生育局 温州市瓯海区财政局关于调整独生子女死亡家庭特别扶助金标准的通知》（温瓯卫发〔2018〕187号）文件执行。未满60周岁的，或年满60周岁且已享受政府养老服务补贴的男方或女方，扶助金每人每月800元；未满60周岁但失能、失智等生活不能自理的，或年满60周岁且未享受政府养老服务补贴的扶助对象，扶助金每人每月1000元；计划生育手术并发症一级、二级、三级人员每人每月扶助金分别为820元、590元、360元。',
          startLine: 309,
          endLine: 309,
        },
        支出责任: { text: '按照《浙江省医疗卫生领域财政事权和支出责任划分改革实施方案》规定执行。', startLine: 310, endLine: 310 },
        牵头负责单位: { text: '区卫健局。', startLine: 311, endLine: 311 },
      },
    },
    {
      // L374–L379: （6158） = 61→58; the heading line has a leading space.
      printedNumber: '（6158）',
      sequence: 58,
      subItem: null,
      name: '最低生活保障',
      category: '七、弱有所扶',
      subcategory: null,
      startLine: 374,
      endLine: 379,
      fields: {
        服务对象: {
          text: '共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的家庭。',
          startLine: 375,
          endLine: 375,
        },
        服务内容: {
          text: '为低保对象发放最低生活保障金。对获得最低生活保障金后生活仍有困难的老年人、未成年人、重度残疾人和重病患者，采取必要措施给予生活保障。',
          startLine: 376,
          endLine: 376,
        },
        服务标准: {
          text: '按照《社会救助暂行办法》《浙江省社会救助条例》《浙江省最低生活保障办法》和《温州市人民政府关于改革城乡居民最低生活保障标准调整机制的通知》相关规定执行。低保标准与全市居民人均消费支出挂钩，低保标准按上年度全市居民人均消费支出的25%—35%确定，且不得高于当地执行的月最低工资标准的2/3。全区按公布低保标准的100%确定执行。',
          startLine: 377,
          endLine: 377,
        },
        支出责任: { text: '区人民政府负责，中央财政适当补助。', startLine: 378, endLine: 378 },
        牵头负责单位: { text: '区民政局。', startLine: 379, endLine: 379 },
      },
    },
    {
      // L392–L397: （641） = 64→61, the common leading 6 printed once.
      printedNumber: '（641）',
      sequence: 61,
      subItem: null,
      name: '临时救助',
      category: '七、弱有所扶',
      subcategory: null,
      startLine: 392,
      endLine: 397,
      fields: {
        服务对象: {
          text: '因火灾、交通事故等意外事件，或家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭；因生活必需支出突然增加超出家庭承受能力，导致基本生活暂时出现严重困难的最低生活保障家庭；遭遇其他特殊困难的家庭。因遭遇火灾、交通事故、突发重大疾病或其他特殊困难，暂时无法得到家庭支持，导致基本生活陷入困境的个人。',
          startLine: 393,
          endLine: 393,
        },
        服务内容: {
          text: '为救助对象发放临时救助金；对有需要的救助对象发放衣物、食品、饮用水，提供临时住所；对给予临时救助金、实物救助后，仍不能解决临时救助对象困难的，可分情况提供转介服务。',
          startLine: 394,
          endLine: 394,
        },
        服务标准: {
          text: '按照《社会救助暂行办法》、《浙江省社会救助条例》、《浙江省临时救助办法》、《温州市临时救助办法》、《温州市区临时救助实施细则》相关规定执行，临时救助的具体事项、标准，由县级以上人民政府确定、公布。',
          startLine: 395,
          endLine: 395,
        },
        支出责任: { text: '区人民政府负责，中央财政适当补助。', startLine: 396, endLine: 396 },
        牵头负责单位: { text: '区民政局。', startLine: 397, endLine: 397 },
      },
    },
    {
      // L423–L427: 服务对象 and 服务内容 printed on one line (L424).
      printedNumber: '（696）',
      sequence: 66,
      subItem: null,
      name: '残疾人托养照护服务',
      category: '七、弱有所扶',
      subcategory: '18.扶残助残服务',
      startLine: 423,
      endLine: 427,
      fields: {
        服务对象: { text: '就业年龄段智力、精神及其他重度残疾人。', startLine: 424, endLine: 424 },
        服务内容: {
          text: '根据实际需求，为符合条件的残疾人提供护理照料、生活自理能力和社会适应能力训练、职业康复、劳动技能培训、辅助性就业等服务。',
          startLine: 424,
          endLine: 424,
        },
        服务标准: {
          text: '按照《就业年龄段智力、精神及重度肢体残疾人托养服务规范》《残疾人之家服务与管理规范》等规定执行。',
          startLine: 425,
          endLine: 425,
        },
        支出责任: { text: '区人民政府负责，中央、省财政适当补助。', startLine: 426, endLine: 426 },
        牵头负责单位: { text: '区残联、区民政局。', startLine: 427, endLine: 427 },
      },
    },
    {
      // L602–L608: 「牵头负」 + spliced deleted sentence (L607) + 「责任单位：」 (L608).
      printedNumber: '（995）',
      sequence: 95,
      subItem: null,
      name: '气象服务',
      category: '七、弱有所扶',
      subcategory: '18.扶残助残服务',
      startLine: 602,
      endLine: 608,
      fields: {
        服务对象: { text: '城乡居民。', startLine: 603, endLine: 603 },
        服务内容: {
          text: '为城乡居民免费及时转发气象灾害预警信息，深化气象防灾减灾标准化村（社区）建设。为城乡居民免费提供准确、及时的气象灾害预警信息，开展气象致灾风险预警服务，深化气象防灾减灾标准化村（社区）建设。',
          startLine: 604,
          endLine: 604,
        },
        服务标准: { text: '公众气象服务满意度维持在92%左右。', startLine: 605, endLine: 605 },
        支出责任: { text: '区人民政府负责，省财政适当补助。', startLine: 606, endLine: 606 },
        牵头负责单位: { text: '区应急管理局。', startLine: 607, endLine: 608 },
      },
    },
  ],
};
