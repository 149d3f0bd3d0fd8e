"""The domain experts' feature files in ``features/``, run through the familycase step library.

The steps come from the familycase pytest plugin (``familycase.testing``), exactly as in any
other folder of feature files: this module is the one line such a folder needs
(``familycase.testing.scenarios`` reads the files one at a time, so a file that cannot be
read fails alone).
"""

from familycase.testing import scenarios

scenarios("../features")
