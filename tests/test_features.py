"""The domain experts' feature files in ``features/``, run through the familycase step library.

The steps come from the familycase pytest plugin (``familycase.testing``), exactly as in any
other folder of feature files: this module is the one line such a folder needs.
"""

from pytest_bdd import scenarios

scenarios("../features")
