import type { GoldenDocument } from './golden-types';

/**
 * 004: a district task-division table (万州, 2018). One cell per line, each prefixed by a tab; rows
 * separated by blank lines; paragraphs inside a cell on lines without the tab; vertically merged cells
 * as rows whose 序号 is empty (row 52). Columns: 序号 | 服务项目 | 服务对象 | 服务指导标准 | 支出责任 |
 * 市级牵头责任单位 | 区级对接落实责任部门 (L21–L27). No 服务内容 column.
 */
export const golden004: GoldenDocument = {
  file: '004_252413ab3c819ab5.txt',
  layout: 'tab-table',
  entryCount: 87,
  itemCount: 87,
  metadata: {
    title: { value: '万州区落实重庆市“十三五”基本公共服务清单任务分工', inferred: false, line: 19 },
    docNo: { value: '万州府办发〔2018〕10号', inferred: false, line: 1 },
    issuers: {
      first: { value: '重庆市万州区人民政府办公室', inferred: false, line: 15 },
      last: { value: '重庆市万州区人民政府办公室', inferred: false, line: 15 },
      count: 1,
    },
    division: { name: '重庆市万州区', level: 'district', inferred: true, line: 3 },
    // 「“十三五”」 names the plan period the list covers; there is no 「…年版」.
    version: { value: '十三五', inferred: true, line: 19 },
    signedDate: { value: '2018-01-31', inferred: false, line: 17 },
    effectiveDate: null,
    status: { value: 'final', inferred: true, line: 1 },
  },
  items: [
    {
      // L32–L38
      printedNumber: '1',
      sequence: 1,
      subItem: null,
      name: '免费义务教育',
      category: '一、基本公共教育',
      subcategory: null,
      startLine: 32,
      endLine: 38,
      fields: {
        服务对象: { text: '义务教育学生', startLine: 34, endLine: 34 },
        服务标准: {
          text: '对城乡义务教育学生免除学杂费，免费提供教科书，免费提供作业本和初中教辅材料；统一城乡义务教育学校生均公用经费基准定额。',
          startLine: 35,
          endLine: 35,
        },
        支出责任: {
          text: '免费教科书国家教材资金由中央财政承担，地方教材、初中教辅材料资金由市级财政承担，免费提供作业本资金由区县财政承担，生均经费基准定额资金由中央和地方财政按比例分担。',
          startLine: 36,
          endLine: 36,
        },
        牵头负责单位: { text: '市财政局、市教委', startLine: 37, endLine: 37 },
        区级对接落实责任部门: { text: '区财政局、区教委', startLine: 38, endLine: 38 },
      },
    },
    {
      // L409–L415
      printedNumber: '47',
      sequence: 47,
      subItem: null,
      name: '农村部分计划生育家庭奖励扶助',
      category: '四、基本医疗卫生',
      subcategory: null,
      startLine: 409,
      endLine: 415,
      fields: {
        服务对象: { text: '年满60周岁、只生育1个子女或2个女孩的农村计划生育家庭夫妇', startLine: 411, endLine: 411 },
        服务标准: {
          text: '发放一定数额的奖励扶助金，并按照国家要求，结合全市经济社会发展水平动态调整奖励扶助标准。',
          startLine: 412,
          endLine: 412,
        },
        支出责任: { text: '中央、市和区县财政按比例分担。', startLine: 413, endLine: 413 },
        牵头负责单位: { text: '市卫生计生委、市财政局', startLine: 414, endLine: 414 },
        区级对接落实责任部门: { text: '区卫生计生委、区财政局', startLine: 415, endLine: 415 },
      },
    },
    {
      // L436–L442
      printedNumber: '50',
      sequence: 50,
      subItem: null,
      name: '最低生活保障',
      category: '五、基本社会服务',
      subcategory: null,
      startLine: 436,
      endLine: 442,
      fields: {
        服务对象: {
          text: '家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的家庭',
          startLine: 438,
          endLine: 438,
        },
        服务标准: {
          text: '按照共同生活的家庭成员人均收入低于当地最低生活保障标准的差额，按月发给最低生活保障金。',
          startLine: 439,
          endLine: 439,
        },
        支出责任: { text: '区县政府负责，中央和市级财政对困难地区适当补助。', startLine: 440, endLine: 440 },
        牵头负责单位: { text: '市民政局、市财政局', startLine: 441, endLine: 441 },
        区级对接落实责任部门: { text: '区民政局、区财政局', startLine: 442, endLine: 442 },
      },
    },
    {
      // L452–L476: paragraphs inside a cell (L455–L456 have no tab) and two continuation rows with an
      // empty 序号 (L462–L468, L470–L476) whose cells belong to row 52.
      printedNumber: '52',
      sequence: 52,
      subItem: null,
      name: '医疗救助',
      category: '五、基本社会服务',
      subcategory: null,
      startLine: 452,
      endLine: 476,
      fields: {
        服务对象: {
          text:
            '1．重点救助对象：最低生活保障家庭成员和特困救助供养人员（含城乡孤儿和事实无人抚养困境儿童）。\n' +
            '2．低收入救助对象：享受国家定期抚恤补助的优抚对象（不含1—6级残疾军人）、城乡重度（1—2级）残疾人员、民政部门建档特殊困难人员、家庭经济困难在校大学生等低收入人员。\n' +
            '3．因病致贫家庭重病患者\n' +
            '重特大疾病医疗救助对象：除上述救助对象以外，还包括农村建档立卡贫困人口\n' +
            '疾病应急救助对象：在重庆市范围发生急重危伤病、需要急救但身份不明确或无力支付相应费用的患者',
          startLine: 454,
          endLine: 472,
        },
        服务标准: {
          text:
            '医疗救助对象参加一档城乡居民合作医疗保险，应缴纳的个人参保费用，对重点救助对象全额给予资助，其他对象按当年参保标准的70%给予资助。对自愿参加二档城乡居民合作医疗保险或城镇职工医疗保险的，统一按当年一档全额标准给予资助；重点救助对象在定点医疗机构发生的政策范围内住院费用中，对经过基本医疗保险、城乡居民大病保险及各类补充医疗保险、商业保险报销的个人负担费用，在年度救助限额内按不低于70%的比例给予救助；因病致贫家庭重病患者等其他救助对象负担的合规医疗费用，按不低于60%的比例予以救助。\n' +
            '医疗机构对疾病应急救助对象紧急救治所发生的费用，可向疾病应急救助基金申请补助。支付额度：基金支付原则上为从急救之日起7日内急救所发生的费用，支付额度一般不超过1.5万元。因特殊情况支付额度超过1.5万元的，报市卫生计生委、市财政局审批增加补助，但最高限额不超过3万元。',
          startLine: 457,
          endLine: 473,
        },
        支出责任: {
          text: '区县政府负责，中央和市级财政适当补助。\n市政府设立全市疾病应急救助基金，通过财政投入和社会各界捐助方式筹集。',
          startLine: 458,
          endLine: 474,
        },
        牵头负责单位: {
          text: '市民政局、市卫生计生委、市财政局\n市民政局、市卫生计生委、市财政局、市扶贫办\n市卫生计生委、市财政局、市民政局',
          startLine: 459,
          endLine: 475,
        },
        区级对接落实责任部门: {
          text: '区民政局、区卫生计生委、区财政局\n区民政局、区卫生计生委、区财政局、区扶贫办\n区卫生计生委、区财政局、区民政局',
          startLine: 460,
          endLine: 476,
        },
      },
    },
    {
      // L478–L485: 服务对象 continues on a line without the tab (L481).
      printedNumber: '53',
      sequence: 53,
      subItem: null,
      name: '临时救助',
      category: '五、基本社会服务',
      subcategory: null,
      startLine: 478,
      endLine: 485,
      fields: {
        服务对象: {
          text:
            '1．家庭对象：因火灾、交通事故等意外事件，造成重大人身伤害或财产损失，导致基本生活暂时出现严重困难、难以维持的家庭；因家庭成员突发重大疾病，医疗费用负担过重，导致基本生活暂时出现严重困难、难以维持的家庭；因家庭成员身患疾病维持基本医疗、接受非义务教育等生活必需支出突然增加超出家庭承受能力，导致基本生活暂时出现严重困难、难以维持的最低生活保障家庭；遭遇其他特殊困难的家庭。\n' +
            '2．个人对象：因遭遇火灾、交通事故、突发重大疾病或其他特殊困难，其法定赡养、抚养或扶养人因不可抗拒因素无法履行赡养、抚养或扶养义务，暂时无法得到家庭支持，导致基本生活陷入困境的个人',
          startLine: 480,
          endLine: 481,
        },
        服务标准: {
          text: '1．发放救助金。全面推行临时救助金社会化发放，按照财政国库管理制度将临时救助金直接支付到临时救助对象个人账户，确保救助金足额、及时发放到位。2．根据临时救助标准和救助对象基本生活需要，可采取发放衣物、食品、饮用水以及提供临时住所等方式予以救助。符合生活无着落的流浪、乞讨人员救助条件的，按有关规定提供临时食宿、急病救治、协助返回等救助。3．提供转介服务。对给予临时救助金、实物救助后，仍不能解决临时救助对象困难的，可分情况提供转介服务。对符合最低生活保障或医疗、教育、住房、就业等专项救助条件的，要协助其申请办理；对需要公益慈善组织、社会工作服务机构等通过慈善项目、发动社会募捐以及提供专业服务、志愿服务等形式给予帮扶的，要及时转介提供帮扶。4．结合当地经济社会发展情况和最低生活保障标准等其他社会救助制度保障水平，根据救助对象实际困难类型、困难程度和自救能力，合理确定临时救助标准，并适时调整。',
          startLine: 482,
          endLine: 482,
        },
        支出责任: { text: '区县政府负责，中央和市级财政对困难地区适当补助。', startLine: 483, endLine: 483 },
        牵头负责单位: { text: '市民政局、市财政局', startLine: 484, endLine: 484 },
        区级对接落实责任部门: { text: '区民政局、区财政局', startLine: 485, endLine: 485 },
      },
    },
    {
      // L760–L766: the last row; 抄送 and 印发 (L769–L770) are end matter.
      printedNumber: '87',
      sequence: 87,
      subItem: null,
      name: '无障碍环境支持',
      category: '八、残疾人基本公共服务',
      subcategory: null,
      startLine: 760,
      endLine: 766,
      fields: {
        服务对象: { text: '残疾人、老年人等', startLine: 762, endLine: 762 },
        服务标准: {
          text: '推进公共场所和设施无障碍改造；对贫困重度残疾人家庭继续开展无障碍改造；逐步开展互联网和移动互联网无障碍信息服务。加强政府和政府公益活动网站无障碍改造。推进电信业务经营者为残疾人提供信息无障碍服务。',
          startLine: 763,
          endLine: 763,
        },
        支出责任: { text: '市和区县政府共同负责，中央财政适当补助。', startLine: 764, endLine: 764 },
        牵头负责单位: { text: '市残联、市城乡建委、市经济信息委、市通信管理局', startLine: 765, endLine: 765 },
        区级对接落实责任部门: { text: '区残联、区城乡建委、区经济信息委', startLine: 766, endLine: 766 },
      },
    },
  ],
};
