"""The impartiality and confidentiality declaration (公正性和保密性声明, Art. 33) an expert signs for a cycle before
seeing anything of it but the applicants' names. The text is versioned: a signature records the version and a hash
of the exact text signed."""
import hashlib

DECLARATION_VERSION = "2026.1"

DECLARATION_TEXT = """本人自愿参加本届本溪市市长质量奖评审工作，郑重声明：

一、本人将严格按照《本溪市市长质量奖管理办法》和GB/T 19580《卓越绩效评价准则》、\
GB/Z 19579《卓越绩效评价准则实施指南》，独立、客观、公正地开展评审，不受任何单位和个人的干预。

二、本人与所评审的申报组织存在利害关系的，主动申报并回避（办法第三十三条）；评审期间新出现利害关系的，立即报告领导小组办公室。

三、本人依法保守申报组织的商业秘密，不复制、不泄露、不擅自使用申报材料和评审信息，评审结束后不保留任何申报材料。

四、本人不接受申报组织及相关单位、个人的宴请、礼品、礼金或其他利益，不以任何方式向申报组织透露评审情况。

五、本人如违反上述承诺，愿接受取消评审资格等处理，并依法承担相应责任（办法第三十三条）。"""


def declaration_sha256(text: str = DECLARATION_TEXT) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
