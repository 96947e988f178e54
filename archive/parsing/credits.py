"""How papers credit the people who wrote and photographed a story: the role words before the
names and the marks after them. One vocabulary for bylines, credit lines and datelines."""

import re

from .text import CJK

# Who prints the credit, in front of the role: 本报, 全媒体, 郑报融媒, 晚报, 滨州日报/滨州网.
CREDIT_SOURCE = rf"(?:本报|特约|实习|见习|首席|全媒体|融媒体?|郑报融媒|晚报|[{CJK}]{{2,4}}(?:日报|晚报|网)(?:/[{CJK}]{{2,4}}(?:网|台))?)"
CREDIT_ROLE = rf"(?:{CREDIT_SOURCE}*(?:摄影)?(?:记者|通讯员)|本报评论员|特约摄影|摄影|实习生)"
# After the names: 文/图, 摄, 摄影, 报道 ("记者 柴琳琳 / 通讯员 马英 文/图").
CREDIT_MARK = r"(?:文/图|文／图|/文|/图|图/文|摄影报道|摄影|摄|报道)"
CREDIT_NAMES = rf"[{CJK}](?:\s?[{CJK}]){{1,3}}(?:[、\s]+[{CJK}](?:\s?[{CJK}]){{0,3}})*"
# A line that is nothing but credits: "■ 摄影 记者 万善朝 通讯员 任艳玲", "□晚报记者 袁建龙 通讯员 余红洲".
CREDIT_LINE = re.compile(
    rf"^[□■●◆]?\s*(?:{CREDIT_ROLE}\s*[:：]?\s*(?:{CREDIT_NAMES})?\s*{CREDIT_MARK}?\s*)+$"
)
ROLE_WORDS = re.compile(rf"{CREDIT_ROLE}|{CREDIT_MARK}")
# What only a closing credit ends with: who took the photo, who wrote it up ("记者 岳建文 摄").
CLOSING_MARK = r"(?:摄|摄影|文/图|文／图|/图|报道)$"
