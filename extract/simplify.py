"""Traditional → simplified characters for OCR output.

PP-OCR's Chinese recogniser is trained on simplified and traditional text alike,
and now and then answers a simplified glyph with its traditional form
("異地" for 异地, "隨" for 随) at full confidence. Filings on the mainland are
printed and written in simplified characters, so a recognised traditional form
is mapped back. The table holds one-to-one pairs common in forms, addresses,
institutions and names; characters whose traditional form is also a living
simplified character or surname (乾, 於, 後 in place names, 餘) are left out.
"""

from __future__ import annotations

_PAIRS = (
    "異异隨随醫医險险區区號号證证診诊轉转請请單单機机構构職职療疗縣县鎮镇門门國国華华東东廣广蘇苏"
    "陽阳臨临時时長长員员們们動动處处辦办務务興兴寧宁遼辽龍龙開开關关實实際际與与戶户發发義义個个"
    "書书學学歲岁電电話话聯联絡络間间資资統统計计劃划點点選选擇择護护衛卫為为區区夠够確确認认記记"
    "錄录簽签頁页協协會会議议團团體体黨党軍军區区鄉乡鄰邻納纳稅税費费貸贷銀银錢钱財财產产業业廠厂"
    "農农澤泽灣湾灘滩濟济滬沪陝陕晉晋豐丰慶庆貴贵雲云嶺岭漢汉瀋沈蘭兰烏乌齊齐魯鲁閩闽贛赣鄂鄂湘湘"
    "張张劉刘陳陈楊杨黃黄趙赵週周吳吴孫孙馬马鄭郑謝谢韓韩馮冯鄧邓蕭萧許许葉叶閻阎羅罗盧卢蔣蒋賈贾"
    "顧顾薑姜錢钱湯汤譚谭鐘钟萬万嚴严龔龚賴赖韋韦鄒邹鳳凤麗丽紅红綠绿藍蓝蘭兰偉伟強强軍军輝辉"
    "傑杰濤涛娟娟靜静麗丽婷婷燕燕飛飞鵬鹏潔洁穎颖瑩莹蓮莲鳴鸣勝胜寶宝億亿騰腾龍龙鋒锋鐵铁鋼钢"
    "條条樓楼層层廳厅館馆園园場场廈厦橋桥灣湾莊庄園园鎮镇街街鄉乡組组幹干線线號号碼码號号"
    "醫医藥药診诊療疗癒愈衛卫檢检驗验術术痛痛護护賬账稅税據据證证書书簡简歷历屬属親亲負负責责擔担"
    "歸归還还舊旧新新現现據据據据參参與与認认識识談谈論论讓让證证隊队優优質质擬拟達达遠远運运"
    "連连週周邊边過过進进這这還还遞递適适選选遷迁遺遗達达違违導导對对將将專专尋寻屆届歲岁歷历"
)
_TABLE = str.maketrans({_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS) - 1, 2)})


def to_simplified(text: str) -> str:
    """The text with common traditional characters replaced by their simplified forms."""
    return text.translate(_TABLE)
