"""Real data shipped inside gdlab, so that nothing is fetched at run time (sources and licences:
README.md in this folder).

`digits`: the 1,797 8×8 handwritten digits of the UCI optical-digits set (`gd.load_digits()`).
"""

from .digits import Digits, load_digits

__all__ = ["Digits", "load_digits"]
