/**
 * The labelled evaluation set (issue 11, "How to measure it"): messages written the way
 * citizens write, each with the outcome it should get from the demo account. Guides are
 * named by code (config/demo/content.json). Do not tune this set one message at a time:
 * a failing message points at a cause to fix.
 */

export type Expected =
  | { guide: string }
  | { flow: 'booking' | 'complaint' | 'consult' | 'help' | 'menu' }
  | { intent: 'smalltalk' }
  | { emergency: '110' | '119' | '120' | '122' }
  | { none: true };

export type Group = 'colloquial' | 'traditional' | 'voice' | 'typos' | 'emergencies' | 'small talk' | 'commands' | 'nothing';

export interface EvalCase {
  group: Group;
  text: string;
  expected: Expected;
  /**
   * A known miss whose cause lies in another area, named here so the regression test
   * (eval.test.ts) does not block on it while `npm run eval` still counts it as a miss.
   * Remove the note once the cause is fixed.
   */
  knownGap?: string;
}

const g = (code: string): Expected => ({ guide: `DEMO-${code}` });
const cases = (group: Group, list: Array<[string, Expected, string?]>): EvalCase[] =>
  list.map(([text, expected, knownGap]) => ({ group, text, expected, ...(knownGap ? { knownGap } : {}) }));

export const EVAL_CASES: EvalCase[] = [
  ...cases('colloquial', [
    ['社保卡丢了怎么补办', g('RS-0001')],
    ['我的社保卡坏了能换一张吗', g('RS-0001')],
    ['第一次办社保卡要带什么', g('RS-0001')],
    ['社保卡在哪里办', g('RS-0001')],
    ['请问补办社保卡要钱吗', g('RS-0001')],
    ['换了工作档案怎么转走', g('RS-0002')],
    ['我想把人事档案调出去', g('RS-0002')],
    ['档案转出需要什么手续', g('RS-0002')],
    ['自己交社保怎么办理', g('RS-0003')],
    ['没有单位怎么交养老保险', g('RS-0003')],
    ['灵活就业人员怎么参保', g('RS-0003')],
    ['打零工的能交社保吗', g('RS-0003')],
    ['身份证过期了怎么换', g('GA-0001')],
    ['身份证坏了去哪里换', g('GA-0001')],
    ['换身份证要多久', g('GA-0001')],
    ['身份证到期了要带什么材料', g('GA-0001')],
    ['小孩刚出生怎么上户口', g('GA-0002')],
    ['新生儿落户需要什么材料', g('GA-0002')],
    ['宝宝出生了去哪报户口', g('GA-0002')],
    ['孩子出生登记怎么办', g('GA-0002')],
    ['买二手房怎么过户', g('BDC-0001')],
    ['二手房过户要交什么材料', g('BDC-0001')],
    ['房子卖了怎么办过户手续', g('BDC-0001')],
    ['怎么查自己名下有几套房', g('BDC-0002')],
    ['开无房证明去哪里', g('BDC-0002')],
    ['查一下我的房产信息', g('BDC-0002')],
    ['开个体店要办什么手续', g('SJ-0001')],
    ['想开个小饭馆要办执照吗', g('SJ-0001')],
    ['个体户营业执照怎么办', g('SJ-0001')],
    ['我想开店做点小生意', g('SJ-0001')],
    ['在外地看病能报销吗', g('YB-0001')],
    ['异地就医备案怎么弄', g('YB-0001')],
    ['去外省住院医保怎么用', g('YB-0001')],
    ['公积金怎么取出来', g('GJJ-0001')],
    ['租房子可以提取公积金吗', g('GJJ-0001')],
    ['住房公积金提取要什么材料', g('GJJ-0001')],
    ['孩子上小学要准备什么材料', g('JY-0001')],
    ['一年级报名什么时候开始', g('JY-0001')],
    ['小孩读小学怎么报名', g('JY-0001')],
    ['小一入学要带哪些证件', g('JY-0001')],
    ['结婚登记要带什么', g('MZ-0001')],
    ['我们想去领结婚证', g('MZ-0001')],
    ['扯证需要什么材料', g('MZ-0001')],
    ['结婚证在哪里办', g('MZ-0001')],
    ['迁户口', g('GA-0002')],
    ['退休金', g('RS-0003')],
    ['医保', g('YB-0001')],
    ['房产证', g('BDC-0001')],
    ['饭店营业执照怎么办', g('SJ-0001')],
    ['居民身份证换领', g('GA-0001')],
  ]),
  ...cases('traditional', [
    ['社保卡丟了怎麼補辦', g('RS-0001')],
    ['身份證過期了怎麼換', g('GA-0001')],
    ['小孩剛出生怎麼上戶口', g('GA-0002')],
    ['二手房過戶要什麼材料', g('BDC-0001')],
    ['營業執照怎麼辦', g('SJ-0001')],
    ['公積金怎麼提取', g('GJJ-0001')],
    ['異地就醫備案', g('YB-0001')],
    ['結婚登記要帶什麼', g('MZ-0001')],
    ['人事檔案轉出', g('RS-0002')],
    ['孩子上小學怎麼報名', g('JY-0001')],
    ['查詢房產信息', g('BDC-0002')],
    ['靈活就業參保', g('RS-0003')],
    ['菜單', { flow: 'menu' }],
    ['我要投訴', { flow: 'complaint' }],
    ['預約', { flow: 'booking' }],
  ]),
  ...cases('voice', [
    ['社保卡丢了，怎么补办？', g('RS-0001')],
    ['嗯，那个，身份证过期了，怎么换呀。', g('GA-0001')],
    ['我想问一下，公积金，怎么取。', g('GJJ-0001')],
    ['小孩出生了，要上户口，去哪里办？', g('GA-0002')],
    ['请问二手房过户，需要哪些材料？', g('BDC-0001')],
    ['结婚登记。', g('MZ-0001')],
    ['就是那个，异地就医，怎么备案。', g('YB-0001')],
    ['我要开个体户，营业执照，怎么办？', g('SJ-0001')],
    ['档案，怎么转出去。', g('RS-0002')],
    ['孩子，上小学，报名。', g('JY-0001')],
    ['查一下，我名下的房产。', g('BDC-0002')],
    ['菜单。', { flow: 'menu' }],
    ['我要预约。', { flow: 'booking' }],
    ['我要投诉！', { flow: 'complaint' }],
    ['你好。', { intent: 'smalltalk' }],
  ]),
  ...cases('typos', [
    ['社报卡', g('RS-0001')],
    ['社保咔补办', g('RS-0001')],
    ['身分证过期', g('GA-0001')],
    ['身份正换领', g('GA-0001')],
    ['营叶执照', g('SJ-0001')],
    ['营业执造怎么办', g('SJ-0001')],
    ['公基金提取', g('GJJ-0001')],
    ['公积金提去', g('GJJ-0001')],
    ['异地就医被案', g('YB-0001')],
    ['二手房过护', g('BDC-0001')],
    ['结婚登纪', g('MZ-0001')],
    ['出生登计', g('GA-0002')],
    ['人事挡案', g('RS-0002')],
    ['小学入学报明', g('JY-0001')],
    ['灵活就叶参保', g('RS-0003')],
  ]),
  ...cases('emergencies', [
    ['着火了', { emergency: '119' }],
    ['楼下着火了快来人', { emergency: '119' }],
    ['有人落水了快救人', { emergency: '119' }],
    ['救命', { emergency: '110' }],
    ['出车祸了', { emergency: '122' }],
    ['路口发生车祸有人受伤', { emergency: '122' }],
    ['有人晕倒了', { emergency: '120' }],
    ['我爸突然晕倒了怎么办', { emergency: '120' }],
    ['煤气泄漏了', { emergency: '119' }],
    ['家里燃气泄漏', { emergency: '119' }],
    ['电梯里被困了', { emergency: '119' }],
    ['有人被困在楼上', { emergency: '119' }],
    ['有人打架持刀', { emergency: '110' }],
    ['家里进小偷了', { emergency: '110' }],
    ['老人心脏病发作', { emergency: '120' }],
  ]),
  ...cases('small talk', [
    ['你好', { intent: 'smalltalk' }],
    ['您好', { intent: 'smalltalk' }],
    ['早上好', { intent: 'smalltalk' }],
    ['谢谢', { intent: 'smalltalk' }],
    ['谢谢你', { intent: 'smalltalk' }],
    ['hello', { intent: 'smalltalk' }],
    ['在吗', { intent: 'smalltalk' }],
    ['有人吗', { intent: 'smalltalk' }],
    ['晚上好', { intent: 'smalltalk' }],
    ['好的谢谢', { intent: 'smalltalk' }],
    ['辛苦了', { intent: 'smalltalk' }],
    ['hi', { intent: 'smalltalk' }],
  ]),
  ...cases('commands', [
    ['菜单', { flow: 'menu' }],
    ['帮助', { flow: 'menu' }],
    ['预约', { flow: 'booking' }],
    ['怎么预约', { flow: 'booking' }],
    ['我要预约办身份证', { flow: 'booking' }],
    ['我想预约', { flow: 'booking' }],
    ['我要投诉', { flow: 'complaint' }],
    ['我要投诉噪音', { flow: 'complaint' }],
    ['我要咨询', { flow: 'consult' }],
    ['求助', { flow: 'help' }],
    ['办事指南', { flow: 'menu' }],
    ['我要投诉楼下饭店油烟太大', { flow: 'complaint' }],
    ['我想咨询一下', { flow: 'consult' }],
    ['在线预约', { flow: 'booking' }],
    ['主菜单', { flow: 'menu' }],
  ]),
  ...cases('nothing', [
    ['火星移民怎么申请', { none: true }],
    ['量子计算机在哪买', { none: true }],
    ['今天股票会涨吗', { none: true }],
    ['帮我写一首诗', { none: true }],
    ['外星人登记', { none: true }],
    ['宠物狗打疫苗', { none: true }],
    ['渔船年检', { none: true }],
    ['飞机票改签', { none: true }],
    ['游艇驾驶培训', { none: true }],
    ['比特币交易', { none: true }],
    ['演唱会门票', { none: true }],
    ['足球比赛直播', { none: true }],
    ['驾照', { none: true }],
    ['老年证', { none: true }],
    ['护照办理', { none: true }],
  ]),
];
