"""The benchmark (`make bench SCALE=S|M|L`): the dbt models against a hand-written floor query
and a pandas implementation of the same rules. Not part of the runtime package."""
