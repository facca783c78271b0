"""How much fuzzing a run does (HYPOTHESIS_PROFILE):

- "ci", the default: a bounded, reproducible number of examples per endpoint, so that tests/fuzz stays around a
  minute on a two-core machine; no shrinking (the worlds change from one example to the next, so a shrunk example
  is rarely the same bug, and the failure report already shows the request);
- "thorough": 500 examples per endpoint with fresh randomness each run, shrinking included.

REVIEWAPP_FUZZ_EXAMPLES overrides the number of examples of either. Nothing is stored between runs (database=None):
the project's tree stays as it is.
"""
import os

from hypothesis import HealthCheck, Phase, settings

_COMMON = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                      HealthCheck.filter_too_much, HealthCheck.data_too_large])
_EXAMPLES = os.environ.get("REVIEWAPP_FUZZ_EXAMPLES")

settings.register_profile("ci", max_examples=int(_EXAMPLES or 6), derandomize=True,
                          phases=[Phase.explicit, Phase.generate], **_COMMON)
settings.register_profile("thorough", max_examples=int(_EXAMPLES or 500), **_COMMON)

PROFILE = "thorough" if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else "ci"


def fuzz_settings(scale: float = 1.0) -> settings:
    """The profile's settings; `scale` gives a test more or fewer examples than the profile's per-endpoint count."""
    profile = settings.get_profile(PROFILE)
    return settings(profile, max_examples=max(1, round(profile.max_examples * scale)))
