/** Directory kinds: the Chinese label citizens read, and the words that ask for a kind ("附近医院"). */

const LABELS: Record<string, string> = {
  hall: '办事大厅',
  hospital: '医院',
  school: '学校',
  venue: '场馆',
  hotline: '便民热线',
  police: '派出所',
  library: '图书馆',
};

/** Words a citizen types after 附近 → kind. */
const WORDS: Array<[string[], string]> = [
  [['医院', '卫生院', '诊所', '社区医院', '卫生服务中心', '看病'], 'hospital'],
  [['学校', '小学', '中学', '幼儿园'], 'school'],
  [['政务大厅', '办事大厅', '政务服务中心', '政务中心', '服务中心', '便民服务中心', '大厅', '办事处'], 'hall'],
  [['场馆', '体育馆', '体育中心', '图书馆', '文化馆', '博物馆', '活动中心'], 'venue'],
  [['热线', '电话'], 'hotline'],
  [['派出所', '警务室'], 'police'],
];

export function kindLabel(kind: string): string {
  return LABELS[kind] ?? kind;
}

/** The kind a word asks for, if any. */
export function kindForWord(word: string): string | undefined {
  const w = word.trim();
  for (const [words, kind] of WORDS) if (words.includes(w)) return kind;
  for (const [kind, label] of Object.entries(LABELS)) if (label === w || kind === w) return kind;
  return undefined;
}
