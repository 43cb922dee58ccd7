"""Surviving mutants that no test can kill, by mutmut name, with the reason: the mutant
behaves exactly as the code does. mutation/run.py leaves them out of the kill rate and
prints the reason beside their diff in the report.

A mutant's name (`<module>.x_<function>__mutmut_<n>`) stays the same while its function
is unchanged; when the function changes, check each entry of it again.
"""

EQUIVALENT: dict[str, str] = {}
